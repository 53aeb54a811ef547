export {};
//# sourceMappingURL=printer-types.js.map