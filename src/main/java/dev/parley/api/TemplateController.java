package dev.parley.api;

import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Scope;
import dev.parley.templates.Template;
import dev.parley.templates.Templates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Templates in their order. */
@RestController
@Tag(name = "Templates")
class TemplateController {

    private final Templates templates;

    TemplateController(Templates templates) {
        this.templates = templates;
    }

    record TemplateBody(String name, String body, Integer order, Long locationId) {}

    record TemplateView(long id, Long locationId, String name, String body, int order, Instant lastUsedAt,
                        Instant createdAt, Instant updatedAt) {
        static TemplateView of(Template t) {
            return new TemplateView(t.id(), t.locationId(), t.name(), t.body(), t.order(), t.lastUsedAt(),
                    t.createdAt(), t.updatedAt());
        }
    }

    @GetMapping("/api/v1/templates")
    List<TemplateView> list(Caller caller) {
        caller.require(Scope.READ);
        return templates.list(caller.tenant()).stream().map(TemplateView::of).toList();
    }

    @Operation(summary = "Create a template; it goes last, or at `order` when given")
    @PostMapping("/api/v1/templates")
    @ResponseStatus(HttpStatus.CREATED)
    TemplateView create(Caller caller, @RequestBody TemplateBody body) {
        caller.require(Scope.WRITE);
        return TemplateView.of(templates.create(caller.tenant(), body.name(), body.body(), body.locationId(), body.order()));
    }

    @Operation(summary = "Change a template's name, body or place in the order (1 is first)")
    @PatchMapping("/api/v1/templates/{id}")
    TemplateView update(Caller caller, @PathVariable long id, @RequestBody TemplateBody body) {
        caller.require(Scope.WRITE);
        return TemplateView.of(templates.update(caller.tenant(), id, body.name(), body.body(), body.order()));
    }

    @DeleteMapping("/api/v1/templates/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable long id) {
        caller.require(Scope.WRITE);
        templates.delete(caller.tenant(), id);
    }
}
