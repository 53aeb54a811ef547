export {};
//# sourceMappingURL=queue-events.js.map