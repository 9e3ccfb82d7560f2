package dev.parley.web;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A request that does nothing, served only under the {@code bench} profile: the benchmark's measure of
 * what the HTTP server alone costs for a request of the same method and size.
 */
@RestController
@Profile("bench")
class BenchNoOp {

    @RequestMapping(path = "/bench/noop", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> noop(@RequestBody(required = false) String body) {
        return ResponseEntity.ok("{}");
    }
}
