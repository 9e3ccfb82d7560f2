package dev.parley.demo;

import dev.parley.contacts.ContactDraft;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.tenancy.ApiTokens;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import dev.parley.templates.Templates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start with {@code parley.demo=true}, creates "Happy Paws Veterinary" (subdomain
 * {@code demo}) with two locations, staff, three dozen clients with pets, conversations in both
 * directions, read and unread, some with unknown numbers, and templates; then prints an admin token.
 * A later start finds the tenant and leaves everything as it is.
 */
@Component
@ConditionalOnBooleanProperty("parley.demo")
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final String SUBDOMAIN = "demo";

    private static final String[] FIRST = {"Eric", "Maya", "Liam", "Sofia", "Noah", "Ava", "Ethan", "Isla", "Lucas",
            "Mia", "Oliver", "Zoe", "James", "Chloe", "Henry", "Grace", "Leo", "Ruby", "Owen", "Nora", "Jack", "Lily",
            "Theo", "Ella", "Finn", "Hazel", "Miles", "Ivy", "Caleb", "Aria", "Ezra", "Luna", "Asher", "Stella",
            "Jonah", "Willow"};
    private static final String[] LAST = {"Choi", "Patel", "Garcia", "Nguyen", "Smith", "Kowalski", "Okafor", "Rossi",
            "Andersen", "Murphy", "Silva", "Haddad"};
    private static final String[] PETS = {"Glumpy", "Pumpkin", "Biscuit", "Luna", "Milo", "Pepper", "Ziggy", "Mochi",
            "Rex", "Cleo", "Olive", "Waffles", "Bean", "Juniper", "Tofu", "Maple"};
    private static final String[] SPECIES = {"dog", "cat", "rabbit", "dog", "cat", "parrot", "dog", "guinea pig"};
    private static final String[][] EXCHANGES = {
            {"in", "Hi, is Dr. Reyes in on Saturday?"}, {"out", "She is! Would you like a 10am slot?"},
            {"in", "I've just arrived in a white car"}, {"out", "Thanks, we'll come out to get you shortly"},
            {"auto", "Reminder: {pet} is due for vaccinations next week. Reply YES to confirm."}, {"in", "YES"},
            {"in", "{pet} has been scratching a lot, should we come in?"}, {"out", "Let's take a look. Can you come at 3pm?"},
            {"auto", "Your prescription for {pet} is ready for pickup."}, {"in", "Thank you! Picking up after work."},
            {"in", "Can I get a copy of the invoice emailed?"}, {"out", "Sent to your email just now."}};

    private final Tenants tenants;
    private final Locations locations;
    private final ApiTokens tokens;
    private final Contacts contacts;
    private final Conversations conversations;
    private final Templates templates;
    private final TransactionTemplate transactions;

    DemoData(Tenants tenants, Locations locations, ApiTokens tokens, Contacts contacts, Conversations conversations,
             Templates templates, TransactionTemplate transactions) {
        this.tenants = tenants;
        this.locations = locations;
        this.tokens = tokens;
        this.contacts = contacts;
        this.conversations = conversations;
        this.templates = templates;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (tenants.findBySubdomain(SUBDOMAIN).isPresent()) {
            log.info("Demo tenant '{}' is already there; its admin token was printed when it was created.", SUBDOMAIN);
            return;
        }
        String token = transactions.execute(tx -> create());
        log.warn("""

                ================================================================
                Demo tenant "Happy Paws Veterinary" (subdomain demo) is ready.
                Its admin token, shown only this once:
                    {}
                Try: curl -H "Authorization: Bearer <token>" http://localhost:8080/api/v1/conversations
                ================================================================""", token);
    }

    private String create() {
        Random random = new Random(42);
        TenantId tenant = tenants.create("Happy Paws Veterinary", SUBDOMAIN, "America/New_York", "US").id();
        Location main = locations.create(tenant, new Locations.NewLocation("Happy Paws Downtown", "America/New_York",
                "US", "+15555550100", "downtown@happypaws.example", "Happy Paws Downtown: call (555) 555-0100."));
        Location north = locations.create(tenant, new Locations.NewLocation("Happy Paws Northside", "America/New_York",
                "US", "+15555550200", "northside@happypaws.example", "Happy Paws Northside: call (555) 555-0200."));
        for (String body : List.of("Hi {{client.first_name}}, {{pet.name}} is ready to go home!",
                "Reminder: {{pet.name}} has an appointment tomorrow at {{location.name}}.",
                "Thanks for your message! We'll reply during opening hours (8am-6pm).",
                "Your invoice is ready. Reply to this message with any questions.")) {
            templates.create(tenant, null, body, null, null);
        }
        Instant now = Instant.now();
        for (int i = 0; i < FIRST.length; i++) {
            String phone = String.format("+1555555%04d", 1000 + i * 7);
            String pet = PETS[random.nextInt(PETS.length)];
            List<ContactDraft.PetDraft> pets = random.nextInt(3) == 0
                    ? List.of(new ContactDraft.PetDraft(pet, SPECIES[random.nextInt(SPECIES.length)], false),
                            new ContactDraft.PetDraft(PETS[(i + 3) % PETS.length], SPECIES[i % SPECIES.length], i % 5 == 0))
                    : List.of(new ContactDraft.PetDraft(pet, SPECIES[random.nextInt(SPECIES.length)], false));
            String last = LAST[i % LAST.length];
            contacts.create(tenant, new ContactDraft("client", FIRST[i], null, last,
                    List.of(FIRST[i].toLowerCase() + "." + last.toLowerCase() + "@example.com"), List.of(phone), pets,
                    "PMS-" + (84100 + i), "pms", null));
            if (i % 3 == 2) {
                continue;
            }
            Location at = i % 4 == 0 ? north : main;
            Instant start = now.minus(Duration.ofHours(2 + random.nextInt(24 * 14)));
            int length = 1 + random.nextInt(5);
            int offset = random.nextInt(EXCHANGES.length);
            for (int m = 0; m < length; m++) {
                String[] exchange = EXCHANGES[(offset + m) % EXCHANGES.length];
                record(tenant, at, phone, exchange[0], exchange[1].replace("{pet}", pet), start.plus(Duration.ofMinutes(m * 7L)));
            }
            if (random.nextBoolean()) {
                conversations.list(tenant, new dev.parley.conversations.ConversationFilter(at.id(), null, true, null,
                                Channel.SMS, phone), null, 1).items()
                        .forEach(v -> conversations.markRead(tenant, v.conversation().id(), null));
            }
        }
        for (int u = 0; u < 5; u++) {
            String unknown = String.format("+1555555%04d", 3000 + u * 11);
            record(tenant, u % 2 == 0 ? main : north, unknown, "in",
                    u % 2 == 0 ? "I'm bringing in a kitten today, do I need an appointment?" : "Do you take walk-ins?",
                    now.minus(Duration.ofMinutes(15 + u * 90L)));
        }
        return tokens.issue(tenant, "demo admin", List.of("admin")).token();
    }

    private void record(TenantId tenant, Location at, String phone, String kind, String body, Instant when) {
        boolean inbound = kind.equals("in");
        conversations.record(tenant, new NewMessage(at.id(), Channel.SMS, inbound ? Direction.INBOUND : Direction.OUTBOUND,
                phone, at.smsNumber(), null, kind.equals("auto"), body, null,
                inbound ? MessageStatus.RECEIVED : MessageStatus.DELIVERED, when, null, null, "demo", null, List.of()));
    }
}
