/** Bookable resources and their bookings, as services, routes and feeds see them. */
export const RESOURCE_KINDS = ['printer', 'space'];
//# sourceMappingURL=booking-types.js.map