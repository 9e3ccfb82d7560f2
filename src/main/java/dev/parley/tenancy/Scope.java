package dev.parley.tenancy;

import java.util.Arrays;
import java.util.Optional;

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

    public static Optional<Scope> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }

    public static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(Scope::wireName).toList());
    }
}
