package dev.parley.contacts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** Every value by its wire name: rows are read by it, and a lookup per row and column must cost little. */
    private static final Map<String, ContactKind> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(ContactKind::wireName, Function.identity()));

    public static Optional<ContactKind> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(ContactKind::wireName).toList());
    }
}
