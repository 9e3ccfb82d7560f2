package dev.parley.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a response of up to {@value #WHOLE_BYTES} bytes back until it is complete, so that it goes out with its
 * {@code Content-Length}, written once. Tomcat buffers 8 KiB by default: a page of the inbox (about 26 KiB for 25
 * conversations) was committed at the first 8 KiB and sent in chunks, each flushed on its own, with a last empty
 * chunk after. A larger response is still streamed in chunks as it is written. The buffer is kept with Tomcat's
 * response object, one per request being served, not per open connection. (Tomcat still hands the socket 8 KiB at
 * a time, from each connection's own write buffer; a larger one was measured and not kept: docs/performance.md.)
 *
 * <p>Flushes asked for while the request is being handled are held too. Spring flushes every {@code ResponseEntity}
 * once its body is written (every dialect's answers, the webhooks' TwiML, the errors), which committed the response
 * before its length was known: it went out in chunks, in two writes, the last empty chunk after. The container sends
 * the response when the request completes; a request that has started asynchronous processing (a stream of events)
 * flushes as it asks.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class WholeResponses extends OncePerRequestFilter {

    static final int WHOLE_BYTES = 64 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setBufferSize(WHOLE_BYTES);
        chain.doFilter(request, new FlushesHeld(request, response));
    }

    private static final class FlushesHeld extends HttpServletResponseWrapper {
        private final HttpServletRequest request;
        private ServletOutputStream stream;
        private PrintWriter writer;

        FlushesHeld(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        private boolean flushesPassOn() {
            return request.isAsyncStarted();
        }

        @Override
        public void flushBuffer() throws IOException {
            if (flushesPassOn()) {
                super.flushBuffer();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        if (flushesPassOn()) {
                            out.flush();
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(super.getWriter()) {
                    @Override
                    public void flush() {
                        if (flushesPassOn()) {
                            super.flush();
                        }
                    }
                };
            }
            return writer;
        }
    }
}
