import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

const ProductSchema = new Schema(
  {
    sku: { type: String, required: true },
    name: { type: String, required: true },
    category: { type: String, required: true },
    price: { type: Number, required: true },
    /** Months after which an owner is due a replacement reminder; absent for consumables. */
    replacementMonths: Number,
  },
  { strict: true },
);

// Catalogue lookups by SKU; SKUs are unique.
ProductSchema.index({ sku: 1 }, { unique: true });

export type ProductDoc = InferSchemaType<typeof ProductSchema> & { _id: Types.ObjectId };
export const productModel = (conn: Connection) => conn.models.Product ?? conn.model('Product', ProductSchema);
