import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/**
 * A website that embeds the chat widget (shared/schemas/widget.ts `WidgetSite`). Written by
 * widget/sites.service.ts only. The identity secret never leaves the server after its create or
 * rotation answered it once.
 */
const WidgetSiteSchema = new Schema(
  {
    name: { type: String, required: true },
    /** Normalised browser origins (`https://shop.example`), compared to a handshake's Origin as they are. */
    origins: { type: [String], default: [] },
    queue: { type: String, required: true },
    /** 32 random bytes, hex: the host's server signs its logged-in customer's identifier with it. */
    identitySecret: { type: String, required: true },
    archived: { type: Boolean, default: false },
  },
  { strict: true, timestamps: true, versionKey: false },
);

// A site is named in its chats (`widget:<name>`) and callback tasks: names are unique.
WidgetSiteSchema.index({ name: 1 }, { unique: true });
// The engine-level origin check: is this origin any live site's?
WidgetSiteSchema.index({ origins: 1 });

export type WidgetSiteDoc = InferSchemaType<typeof WidgetSiteSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
const registerWidgetSite = (conn: Connection) => conn.model('WidgetSite', WidgetSiteSchema, 'widgetsites');
export const widgetSiteModel = (conn: Connection): ReturnType<typeof registerWidgetSite> =>
  (conn.models.WidgetSite as ReturnType<typeof registerWidgetSite> | undefined) ?? registerWidgetSite(conn);
