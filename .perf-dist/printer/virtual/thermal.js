/** Full power within this many degrees below target, like a PID's integral band. */
const PROPORTIONAL_BAND_C = 10;
/** Integration step: short against tau so the exact exponential step stays accurate with changing power. */
const STEP_MS = 250;
export const HOTEND_PARAMS = { gainC: 280, tauS: 60, ambientC: 22 };
export const BED_PARAMS = { gainC: 100, tauS: 150, ambientC: 22 };
export function coldHeater(params) {
    return { tempC: params.ambientC, targetC: 0, power: 0 };
}
function powerFor(state, params) {
    if (state.targetC <= 0)
        return 0;
    const hold = (state.targetC - params.ambientC) / params.gainC;
    const correction = (state.targetC - state.tempC) / PROPORTIONAL_BAND_C;
    return Math.min(1, Math.max(0, hold + correction));
}
/** Advances a heater by `dtMs`. */
export function stepHeater(state, params, dtMs) {
    let { tempC } = state;
    let power = powerFor(state, params);
    for (let left = dtMs; left > 0; left -= STEP_MS) {
        const dt = Math.min(STEP_MS, left);
        power = powerFor({ ...state, tempC }, params);
        const equilibrium = params.ambientC + power * params.gainC;
        tempC = equilibrium + (tempC - equilibrium) * Math.exp(-dt / 1000 / params.tauS);
    }
    return { tempC, targetC: state.targetC, power };
}
//# sourceMappingURL=thermal.js.map