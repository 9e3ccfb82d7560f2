package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Tomcat's request threads follow the cores when the database is on this machine, and the operator otherwise. */
class RequestThreadsTest {

    private static final int PER_CORE = RequestThreads.forCores(Runtime.getRuntime().availableProcessors());

    @Test
    void theEmbeddedDatabaseGivesOneRequestThreadPerCore() {
        StandardEnvironment environment = environment(Map.of());

        assertThat(environment.getProperty(RequestThreads.MAX, Integer.class)).isEqualTo(PER_CORE);
        assertThat(environment.getProperty(RequestThreads.MIN_SPARE, Integer.class)).isEqualTo(PER_CORE);
    }

    @Test
    void aServerAtALoopbackAddressCountsAsThisMachine() {
        for (String url : new String[] {"jdbc:postgresql://localhost:5432/parley",
                "jdbc:postgresql://127.0.0.1/parley?user=parley", "jdbc:postgresql://[::1]:5433/parley",
                "jdbc:postgresql:parley", "jdbc:postgresql:///parley",
                "jdbc:postgresql://LocalHost,127.0.0.2:6432/parley"}) {
            assertThat(RequestThreads.databaseOnThisMachine(url)).as(url).isTrue();
            assertThat(environment(Map.of("spring.datasource.url", url)).getProperty(RequestThreads.MAX, Integer.class))
                    .as(url).isEqualTo(PER_CORE);
        }
    }

    @Test
    void aDatabaseElsewhereLeavesTomcatsOwnDefault() {
        for (String url : new String[] {"jdbc:postgresql://db.internal:5432/parley",
                "jdbc:postgresql://10.0.0.7/parley", "jdbc:postgresql://localhost:5432,replica.internal:5432/parley",
                "jdbc:postgresql://[2001:db8::1]:5432/parley"}) {
            assertThat(RequestThreads.databaseOnThisMachine(url)).as(url).isFalse();
            StandardEnvironment environment = environment(Map.of("spring.datasource.url", url));
            assertThat(environment.containsProperty(RequestThreads.MAX)).as(url).isFalse();
            assertThat(environment.containsProperty(RequestThreads.MIN_SPARE)).as(url).isFalse();
        }
    }

    @Test
    void theSettingSetsTheNumberWhereverTheDatabaseIs() {
        StandardEnvironment environment = environment(Map.of(RequestThreads.SETTING, "24",
                "spring.datasource.url", "jdbc:postgresql://db.internal/parley"));

        assertThat(environment.getProperty(RequestThreads.MAX, Integer.class)).isEqualTo(24);
        assertThat(environment.getProperty(RequestThreads.MIN_SPARE, Integer.class)).isEqualTo(24);
    }

    @Test
    void tomcatsOwnSettingsAreLeftAsTheOperatorSetThem() {
        StandardEnvironment max = environment(Map.of(RequestThreads.MAX, "50", RequestThreads.SETTING, "3"));
        StandardEnvironment spare = environment(Map.of(RequestThreads.MIN_SPARE, "1"));

        assertThat(max.getProperty(RequestThreads.MAX, Integer.class)).isEqualTo(50);
        assertThat(max.containsProperty(RequestThreads.MIN_SPARE)).isFalse();
        assertThat(spare.containsProperty(RequestThreads.MAX)).isFalse();
        assertThat(spare.getProperty(RequestThreads.MIN_SPARE, Integer.class)).isEqualTo(1);
    }

    @Test
    void fewerThanOneThreadIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> environment(Map.of(RequestThreads.SETTING, "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.request-threads must be at least 1, not 0");
    }

    @Test
    void aSettingThatIsNotANumberIsRefusedNamingIt() {
        assertThatThrownBy(() -> environment(Map.of(RequestThreads.SETTING, "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.request-threads must be a whole number of threads, not 'many'");
    }

    @Test
    void aMachineOfOneCoreStillGetsTwoThreads() {
        assertThat(RequestThreads.forCores(1)).isEqualTo(2);
        assertThat(RequestThreads.forCores(2)).isEqualTo(2);
        assertThat(RequestThreads.forCores(16)).isEqualTo(16);
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new RequestThreads().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
