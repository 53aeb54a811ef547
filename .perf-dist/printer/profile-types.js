export {};
//# sourceMappingURL=profile-types.js.map