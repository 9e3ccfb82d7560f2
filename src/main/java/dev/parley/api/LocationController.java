package dev.parley.api;

import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.Scope;
import dev.parley.tenancy.StaffUser;
import dev.parley.tenancy.StaffUsers;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's locations and staff. */
@RestController
@Tag(name = "Locations and staff")
class LocationController {

    private final Locations locations;
    private final StaffUsers staff;

    LocationController(Locations locations, StaffUsers staff) {
        this.locations = locations;
        this.staff = staff;
    }

    record NewLocation(String name, String timezone, String country, String smsNumber, String emailAddress,
                       String helpText) {}

    record LocationView(long id, String name, String timezone, String country, String smsNumber, String emailAddress,
                        String helpText) {
        static LocationView of(Location l) {
            return new LocationView(l.id(), l.name(), l.timezone(), l.country(), l.smsNumber(), l.emailAddress(),
                    l.helpText());
        }
    }

    record NewStaffUser(String name, String email) {}

    @PostMapping("/api/v1/locations")
    @ResponseStatus(HttpStatus.CREATED)
    LocationView create(Caller caller, @RequestBody NewLocation body) {
        caller.require(Scope.ADMIN);
        return LocationView.of(locations.create(caller.tenant(), new Locations.NewLocation(body.name(), body.timezone(),
                body.country(), body.smsNumber(), body.emailAddress(), body.helpText())));
    }

    @GetMapping("/api/v1/locations")
    List<LocationView> list(Caller caller) {
        caller.require(Scope.READ);
        return locations.list(caller.tenant()).stream().map(LocationView::of).toList();
    }

    @GetMapping("/api/v1/locations/{id}")
    LocationView get(Caller caller, @PathVariable long id) {
        caller.require(Scope.READ);
        return LocationView.of(locations.get(caller.tenant(), id));
    }

    @PostMapping("/api/v1/staff")
    @ResponseStatus(HttpStatus.CREATED)
    StaffUser createStaff(Caller caller, @RequestBody NewStaffUser body) {
        caller.require(Scope.ADMIN);
        return staff.create(caller.tenant(), body.name(), body.email());
    }

    @GetMapping("/api/v1/staff")
    List<StaffUser> listStaff(Caller caller) {
        caller.require(Scope.READ);
        return staff.list(caller.tenant());
    }
}
