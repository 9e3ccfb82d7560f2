package dev.parley.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code parley.max-request-bytes} with 413: at once when the declared length
 * is too large, and while reading when a body without a length grows past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeLimit(WebProperties properties) {
        this.maxBytes = properties.maxRequestBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            refuse(response);
            return;
        }
        try {
            chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request, maxBytes) : request, response);
        } catch (RuntimeException | ServletException | IOException e) {
            if (BodyTooLarge.in(e).isPresent() && !response.isCommitted()) {
                response.reset();
                refuse(response);
                return;
            }
            throw e;
        }
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                + "\"detail\":\"The request body is larger than " + maxBytes + " bytes\"}");
    }

    /**
     * A body without a length, read against the limit: through its stream, which counts, and through its form
     * parameters, which Tomcat parses itself, up to a {@code maxPostSize} set to the same limit
     * ({@link FormSizeLimit}); Tomcat's refusal of a larger form is answered as the stream's is.
     */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public String getParameter(String name) {
            return parameters(() -> super.getParameter(name));
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters(super::getParameterMap);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return parameters(super::getParameterNames);
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters(() -> super.getParameterValues(name));
        }

        private <T> T parameters(Supplier<T> read) {
            try {
                return read.get();
            } catch (InvalidParameterException e) {
                if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
                    throw new UncheckedIOException(new BodyTooLarge(max));
                }
                throw e;
            }
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLarge {
                        read += n;
                        if (read > max) {
                            throw new BodyTooLarge(max);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
