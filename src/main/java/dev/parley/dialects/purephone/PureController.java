package dev.parley.dialects.purephone;

import dev.parley.tenancy.ActsAsOneLocation;
import dev.parley.tenancy.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/pure}: one envelope in the body, its answer in a 200 response, whatever the protocol
 * status. Only a request refused before its envelope is read (the token, the location) has another HTTP
 * status; see {@link PureErrors}.
 */
@RestController
@Hidden
class PureController {

    static final String LOCATION_HEADER = "X-Parley-Location";

    private final PureSessions sessions;
    private final PureProtocol protocol;

    PureController(PureSessions sessions, PureProtocol protocol) {
        this.sessions = sessions;
        this.protocol = protocol;
    }

    @PostMapping("/api/pure")
    ResponseEntity<byte[]> envelope(@ActsAsOneLocation Caller caller,
                                    @RequestHeader(name = LOCATION_HEADER, required = false) String location,
                                    @RequestBody(required = false) byte[] envelope) {
        PureSession session = sessions.open(caller, location);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(protocol.answer(session, envelope == null ? new byte[0] : envelope));
    }
}
