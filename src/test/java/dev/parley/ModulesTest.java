package dev.parley;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModulesTest {

    @Test
    void dependenciesPointFromTheEdgesToTheCoreAndOnlyThroughPublicTypes() {
        ApplicationModules.of(ParleyApplication.class).verify();
    }
}
