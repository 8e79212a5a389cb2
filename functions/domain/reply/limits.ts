/**
 * Bounds on the work one inbound email may cause (DESIGN §10): anyone can send
 * mail to a reply address, so size and fan-out are capped before any parsing.
 */

/**
 * Largest raw message acted on, in bytes: 1 MiB, as the local SMTP listener
 * advertises. A reply's words need a few KB; past this, signatures with images
 * or long quoted threads add nothing a command could be read from.
 */
export const MAX_INBOUND_BYTES = 1024 * 1024;

/** Envelope recipients looked at per message: a reply goes to one reply address. */
export const MAX_ENVELOPE_RECIPIENTS = 10;

/** Verified reply addresses resolved per message (each costs store reads). */
export const MAX_REPLY_TARGETS = 2;
