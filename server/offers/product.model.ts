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
const registerProduct = (conn: Connection) => conn.model('Product', ProductSchema);
export const productModel = (conn: Connection): ReturnType<typeof registerProduct> =>
  (conn.models.Product as ReturnType<typeof registerProduct> | undefined) ?? registerProduct(conn);
