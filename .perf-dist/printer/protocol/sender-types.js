export {};
//# sourceMappingURL=sender-types.js.map