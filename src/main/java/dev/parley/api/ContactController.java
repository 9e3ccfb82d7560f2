package dev.parley.api;

import dev.parley.contacts.Consent;
import dev.parley.contacts.Consents;
import dev.parley.contacts.Contact;
import dev.parley.contacts.ContactDraft;
import dev.parley.contacts.Contacts;
import dev.parley.contacts.Pet;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Contacts: create, read, change, remove, search by name, phone or email. */
@RestController
@Tag(name = "Contacts")
class ContactController {

    private final Contacts contacts;
    private final Consents consents;

    ContactController(Contacts contacts, Consents consents) {
        this.contacts = contacts;
        this.consents = consents;
    }

    record ConsentView(String channel, String address, String category, String status, Instant changedAt, String source,
                       String detail) {
        static ConsentView of(Consent c) {
            return new ConsentView(c.channel(), c.address(), c.category(), c.status(), c.changedAt(), c.source(), c.detail());
        }
    }

    /** {@code current}: what is on record now for each address; {@code history}: every change, oldest first. */
    record ContactConsent(List<ConsentView> current, List<ConsentView> history) {}

    record PetBody(String name, String species, Boolean deceased) {}

    /** {@code email} is a shorthand for a single entry of {@code emails}. */
    record ContactBody(String kind, String firstName, String middleName, String lastName, String email,
                       List<String> emails, List<String> phones, List<PetBody> pets, String externalId,
                       String externalIdType, Boolean inactive) {

        ContactDraft toDraft() {
            List<String> allEmails = null;
            if (email != null || emails != null) {
                allEmails = new ArrayList<>();
                if (email != null) {
                    allEmails.add(email);
                }
                if (emails != null) {
                    allEmails.addAll(emails);
                }
            }
            List<ContactDraft.PetDraft> petDrafts = pets == null ? null : pets.stream()
                    .map(p -> p == null ? null : new ContactDraft.PetDraft(p.name(), p.species(), p.deceased()))
                    .toList();
            return new ContactDraft(kind, firstName, middleName, lastName, allEmails, phones, petDrafts, externalId,
                    externalIdType, inactive);
        }
    }

    record PetView(long id, String name, String species, boolean deceased) {
        static PetView of(Pet p) {
            return new PetView(p.id(), p.name(), p.species(), p.deceased());
        }
    }

    record ContactView(long id, String kind, String firstName, String middleName, String lastName, String email,
                       List<String> emails, List<String> phones, List<PetView> pets, String externalId,
                       String externalIdType, boolean inactive, Instant createdAt, Instant updatedAt) {
        static ContactView of(Contact c) {
            return new ContactView(c.id(), c.kind().wireName(), c.firstName(), c.middleName(), c.lastName(),
                    c.emails().isEmpty() ? null : c.emails().get(0), c.emails(), c.phones(),
                    c.pets().stream().map(PetView::of).toList(), c.externalId(), c.externalIdType(), c.inactive(),
                    c.createdAt(), c.updatedAt());
        }
    }

    record ContactPage(List<ContactView> items, String nextCursor) {}

    @PostMapping("/api/v1/contacts")
    @ResponseStatus(HttpStatus.CREATED)
    ContactView create(Caller caller, @RequestBody ContactBody body) {
        caller.require(Scope.WRITE);
        return ContactView.of(contacts.create(caller.tenant(), body.toDraft()));
    }

    @GetMapping("/api/v1/contacts/{id}")
    ContactView get(Caller caller, @PathVariable long id) {
        caller.require(Scope.READ);
        return ContactView.of(contacts.get(caller.tenant(), id));
    }

    @Operation(summary = "Change a contact; fields left out (or null) stay as they are, a list given replaces the list")
    @PatchMapping("/api/v1/contacts/{id}")
    ContactView update(Caller caller, @PathVariable long id, @RequestBody ContactBody body) {
        caller.require(Scope.WRITE);
        return ContactView.of(contacts.update(caller.tenant(), id, body.toDraft()));
    }

    @Operation(summary = "Remove a contact; its conversations stay, with an unknown counterpart")
    @DeleteMapping("/api/v1/contacts/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable long id) {
        caller.require(Scope.WRITE);
        contacts.delete(caller.tenant(), id);
    }

    @Operation(summary = "Consent of the contact's phones and emails, and how it changed (an inbound STOP, a provider's report)")
    @GetMapping("/api/v1/contacts/{id}/consent")
    ContactConsent consent(Caller caller, @PathVariable long id) {
        caller.require(Scope.READ);
        Contact contact = contacts.get(caller.tenant(), id);
        List<ConsentView> current = new ArrayList<>();
        List<ConsentView> history = new ArrayList<>();
        if (!contact.phones().isEmpty()) {
            consents.current(caller.tenant(), "sms", contact.phones()).forEach(c -> current.add(ConsentView.of(c)));
            consents.history(caller.tenant(), "sms", contact.phones()).forEach(c -> history.add(ConsentView.of(c)));
        }
        if (!contact.emails().isEmpty()) {
            consents.current(caller.tenant(), "email", contact.emails()).forEach(c -> current.add(ConsentView.of(c)));
            consents.history(caller.tenant(), "email", contact.emails()).forEach(c -> history.add(ConsentView.of(c)));
        }
        return new ContactConsent(current, history);
    }

    @Operation(summary = "Search contacts by name, email or phone digits")
    @GetMapping("/api/v1/contacts")
    ContactPage search(Caller caller, @RequestParam(required = false) String q,
                       @RequestParam(required = false) String cursor,
                       @RequestParam(defaultValue = "25") int limit) {
        caller.require(Scope.READ);
        if (limit < 1 || limit > 100) {
            throw new InvalidInput("limit", "must be between 1 and 100");
        }
        Long after = null;
        if (cursor != null) {
            try {
                after = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new InvalidInput("cursor", "is not a cursor that this list returned");
            }
        }
        List<Contact> found = contacts.search(caller.tenant(), q, after, limit + 1);
        boolean more = found.size() > limit;
        List<Contact> page = more ? found.subList(0, limit) : found;
        return new ContactPage(page.stream().map(ContactView::of).toList(),
                more ? Long.toString(page.get(page.size() - 1).id()) : null);
    }
}
