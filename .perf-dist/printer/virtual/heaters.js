import { coldHeater, stepHeater } from './thermal.js';
export class Heaters {
    clock;
    hotendParams;
    bedParams;
    hotend;
    bed;
    updatedAtMs;
    constructor(clock, hotendParams, bedParams) {
        this.clock = clock;
        this.hotendParams = hotendParams;
        this.bedParams = bedParams;
        this.hotend = coldHeater(hotendParams);
        this.bed = coldHeater(bedParams);
        this.updatedAtMs = clock.nowMs();
    }
    setTarget(id, targetC) {
        this.update();
        const state = id === 'hotend' ? this.hotend : this.bed;
        const next = { ...state, targetC: Math.max(0, targetC) };
        if (id === 'hotend')
            this.hotend = next;
        else
            this.bed = next;
    }
    reading(id) {
        this.update();
        return id === 'hotend' ? this.hotend : this.bed;
    }
    snapshot() {
        this.update();
        return {
            hotendC: this.hotend.tempC, hotendTargetC: this.hotend.targetC, hotendPower: this.hotend.power,
            bedC: this.bed.tempC, bedTargetC: this.bed.targetC, bedPower: this.bed.power,
        };
    }
    allOff() {
        this.setTarget('hotend', 0);
        this.setTarget('bed', 0);
    }
    update() {
        const now = this.clock.nowMs();
        const dt = now - this.updatedAtMs;
        if (dt <= 0)
            return;
        this.hotend = stepHeater(this.hotend, this.hotendParams, dt);
        this.bed = stepHeater(this.bed, this.bedParams, dt);
        this.updatedAtMs = now;
    }
}
//# sourceMappingURL=heaters.js.map