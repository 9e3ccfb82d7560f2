package dev.parley.contacts;

import java.util.Arrays;
import java.util.Optional;

/** Who a contact is to the practice; the dialects name them differently (a vet's client, CareHQ's service user). */
public enum ContactKind {
    CLIENT("client"),
    PATIENT("patient"),
    CARE_SEEKER("care_seeker"),
    SERVICE_USER("service_user"),
    SERVICE_USER_CONTACT("service_user_contact"),
    LOCATION_CONTACT("location_contact");

    private final String wireName;

    ContactKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ContactKind> fromWire(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    public static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(ContactKind::wireName).toList());
    }
}
