package dev.parley.delivery.sms;

/**
 * How an SMS body is split for sending, by the GSM 03.38 rules: a body of GSM-7 characters takes 160
 * units in one segment, or 153 per segment when split (an extension character such as € or { takes
 * two units, and is never split across segments); any other character makes the whole body UCS-2,
 * 70 UTF-16 units in one segment or 67 per segment (a surrogate pair is never split).
 */
public record SmsSegments(String encoding, int segments, int units, int unitsLeft) {

    public static final String GSM_7 = "GSM-7";
    public static final String UCS_2 = "UCS-2";

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    public static SmsSegments of(String body) {
        boolean gsm = body.codePoints().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
        return gsm ? pack(body, GSM_7, 160, 153) : pack(body, UCS_2, 70, 67);
    }

    private static SmsSegments pack(String body, String encoding, int single, int perPart) {
        int total = 0;
        int[] sizes = body.codePoints().map(c -> size(encoding, c)).toArray();
        for (int size : sizes) {
            total += size;
        }
        if (total <= single) {
            return new SmsSegments(encoding, total == 0 ? 0 : 1, total, single - total);
        }
        int segments = 1;
        int used = 0;
        for (int size : sizes) {
            if (used + size > perPart) {
                segments++;
                used = 0;
            }
            used += size;
        }
        return new SmsSegments(encoding, segments, total, perPart - used);
    }

    private static int size(String encoding, int codePoint) {
        if (encoding.equals(GSM_7)) {
            return EXTENSION.indexOf(codePoint) >= 0 ? 2 : 1;
        }
        return Character.charCount(codePoint);
    }
}
