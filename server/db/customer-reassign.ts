import type { Model, Types } from 'mongoose';

type Id = Types.ObjectId;
// Any collection whose documents name their customer in `customerId`.
type Owned = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The two moves a merge makes of a feature's documents, for that feature's writer to use on its own
 * collection: all of one customer's documents to another (answering which ones moved, so the merge
 * can be undone), and exactly those back. Moving back only touches documents still on `from`: one
 * someone re-pointed since stays where they put it.
 */
export function customerReassigner(model: Owned) {
  return {
    async moveAll(from: Id, to: Id): Promise<Id[]> {
      const ids = (await model.find({ customerId: from }, { _id: 1 }).lean<Array<{ _id: Id }>>()).map((d) => d._id);
      if (ids.length) await model.updateMany({ _id: { $in: ids }, customerId: from }, { $set: { customerId: to } });
      return ids;
    },
    async moveBack(ids: Id[], from: Id, to: Id): Promise<number> {
      if (!ids.length) return 0;
      return (await model.updateMany({ _id: { $in: ids }, customerId: from }, { $set: { customerId: to } })).modifiedCount;
    },
  };
}
export type CustomerReassigner = ReturnType<typeof customerReassigner>;
