package dev.parley.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Contacts;
import dev.parley.conversations.ConversationFilter;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.UnreadTotal;
import dev.parley.tenancy.ApiTokens;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import dev.parley.templates.Templates;
import dev.parley.testing.ParleyIntegrationTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.transaction.support.TransactionTemplate;

@ParleyIntegrationTest
class DemoDataTest {

    @Autowired Tenants tenants;
    @Autowired Locations locations;
    @Autowired ApiTokens tokens;
    @Autowired Contacts contacts;
    @Autowired Conversations conversations;
    @Autowired Templates templates;
    @Autowired TransactionTemplate transactions;
    @Autowired DSLContext db;

    @Test
    void theFirstRunCreatesAVetClinicToExploreAndALaterRunKeepsIt() {
        DemoData demo = new DemoData(tenants, locations, tokens, contacts, conversations, templates, transactions);

        demo.run(new DefaultApplicationArguments());
        TenantId tenant = tenants.findBySubdomain(DemoData.SUBDOMAIN).orElseThrow().id();
        int messages = db.fetchCount(db.selectFrom("message").where("tenant_id = ?", tenant.value()));
        demo.run(new DefaultApplicationArguments());

        assertThat(locations.list(tenant)).hasSize(2);
        assertThat(contacts.search(tenant, null, null, 100)).hasSizeGreaterThanOrEqualTo(30)
                .anySatisfy(c -> assertThat(c.pets()).isNotEmpty());
        assertThat(templates.list(tenant)).isNotEmpty();
        var all = conversations.list(tenant, ConversationFilter.all(), null, 100).items();
        assertThat(all).hasSizeGreaterThan(20)
                .anySatisfy(v -> assertThat(v.conversation().contactId()).as("an unknown number").isNull())
                .anySatisfy(v -> assertThat(v.conversation().unreadCount()).isPositive())
                .anySatisfy(v -> assertThat(v.conversation().unreadCount()).isZero());
        assertThat(conversations.unreadTotals(tenant)).anySatisfy(t -> assertThat(t.knownContact()).isFalse())
                .extracting(UnreadTotal::messages).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(db.fetchCount(db.selectFrom("message").where("tenant_id = ?", tenant.value())))
                .as("a second start adds nothing").isEqualTo(messages);
        assertThat(db.fetchCount(db.selectFrom("message").where("tenant_id = ? and direction = 'outbound'", tenant.value())))
                .isPositive();
    }
}
