/** What the usage report is computed from: rows as the repository reads them, before any counting. */
/** How a print that reached the printer ended. */
export const PRINT_OUTCOMES = ['completed', 'failed', 'cancelled'];
//# sourceMappingURL=usage-facts.js.map