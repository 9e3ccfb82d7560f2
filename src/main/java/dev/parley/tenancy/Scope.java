package dev.parley.tenancy;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an API token may do. {@code admin} grants everything within its tenant; the others grant one
 * kind of work. The dotted scopes are the names the MedChat dialect documents.
 */
public enum Scope {
    ADMIN("admin"),
    READ("read"),
    SEND("send"),
    WRITE("write"),
    READ_SMS_CHATS("read.sms_chats"),
    SEND_SMS_MESSAGE("send.sms_message");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Every value by its wire name: rows are read by it, and a lookup per row and column must cost little. */
    private static final Map<String, Scope> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(Scope::wireName, Function.identity()));

    public static Optional<Scope> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(Scope::wireName).toList());
    }
}
