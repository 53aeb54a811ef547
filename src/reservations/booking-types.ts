/** Bookable resources and their bookings, as services, routes and feeds see them. */

export const RESOURCE_KINDS = ['printer', 'space'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface Resource { id: string; kind: ResourceKind; name: string }

export interface Booking {
  id: number;
  resourceId: string;
  startsAtMs: number;
  endsAtMs: number;
  title: string;
  /** Set when the booking holds the resource for a workshop session. */
  workshopId: number | null;
  /** null once the booker's account was deleted (anonymised). */
  bookedBy: number | null;
  /** The booking's id in the city's reservation system. */
  externalRef: string | null;
  createdAtMs: number;
  cancelledAtMs: number | null;
}

export type NewBooking = Pick<Booking, 'resourceId' | 'startsAtMs' | 'endsAtMs' | 'title' | 'workshopId' | 'bookedBy' | 'externalRef'>;

/** What the reservations side announces (webhooks forward these to the city's systems). */
export type ReservationEvents = {
  'booking:created': { booking: Booking };
  'booking:cancelled': { booking: Booking };
};
