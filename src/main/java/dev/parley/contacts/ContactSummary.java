package dev.parley.contacts;

/** What a list shows of a contact: who it is, without its phones, emails and pets. */
public record ContactSummary(long id, ContactKind kind, String firstName, String lastName) {

    /** "First Last", leaving out what is missing. */
    public String displayName() {
        StringBuilder name = new StringBuilder();
        for (String part : new String[] {firstName, lastName}) {
            if (part != null && !part.isBlank()) {
                if (!name.isEmpty()) {
                    name.append(' ');
                }
                name.append(part);
            }
        }
        return name.toString();
    }
}
