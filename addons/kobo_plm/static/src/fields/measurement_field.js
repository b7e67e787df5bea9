import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";

/**
 * A garment measurement: 0 means "not measured" (no garment measures 0), so it shows empty,
 * never as 0.00 that would read as a measurement.
 */
export class KoboMeasurementField extends FloatField {
    get formattedValue() {
        return this.value ? super.formattedValue : "";
    }
}

registry.category("fields").add("kobo_measurement", {
    ...floatField,
    component: KoboMeasurementField,
});
