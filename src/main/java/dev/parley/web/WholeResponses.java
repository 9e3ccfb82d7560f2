package dev.parley.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a response of up to {@value #WHOLE_BYTES} bytes back until it is complete, so that it goes out with its
 * {@code Content-Length}. Tomcat buffers 8 KiB by default: a page of the inbox (about 26 KiB for 25
 * conversations) was committed at the first 8 KiB and sent in chunks, each flushed on its own, with a last empty
 * chunk after. A larger response is still streamed in chunks as it is written. The buffer is kept with Tomcat's
 * response object, one per request being served, not per open connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class WholeResponses extends OncePerRequestFilter {

    static final int WHOLE_BYTES = 64 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setBufferSize(WHOLE_BYTES);
        chain.doFilter(request, response);
    }
}
