package io.siyu.segment;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.roaringbitmap.RoaringBitmap;

import io.siyu.shared.DataScope;

/**
 * The in-memory indexes of one corp over dense customer ordinals: bitmaps per tag, per enumerated attribute (gender,
 * stage, channel state, staff and org unit of relations, choice and text field values), bit-sliced indexes for dates
 * and numbers, and behaviour by kind and day. Readers hold the read lock; updates the write lock.
 */
final class CorpIndex {

	final long corpId;

	final ReadWriteLock lock = new ReentrantReadWriteLock();

	final Ordinals ordinals = new Ordinals();

	final RoaringBitmap alive = new RoaringBitmap();

	final Map<Long, RoaringBitmap> tags = new HashMap<>();

	final RoaringBitmap[] gender = { new RoaringBitmap(), new RoaringBitmap(), new RoaringBitmap() };

	final Map<String, RoaringBitmap> stages = new HashMap<>();

	final Map<String, RoaringBitmap> channels = new HashMap<>();

	final Map<Long, RoaringBitmap> staffActive = new HashMap<>();

	final Map<Long, RoaringBitmap> staffAny = new HashMap<>();

	final Map<Long, RoaringBitmap> unitActive = new HashMap<>();

	final Map<Long, RoaringBitmap> unitAny = new HashMap<>();

	final BitSlicedIndex added = new BitSlicedIndex();

	/** The same days, one per ordinal, for ranges over few candidates. */
	final DayColumn addedDays = new DayColumn();

	/** The customers added in the standard rolling windows asked today. */
	final AddedWindows addedWindows = new AddedWindows();

	final Map<Long, Map<String, RoaringBitmap>> fieldValues = new HashMap<>();

	final Map<Long, BitSlicedIndex> fieldOrdered = new HashMap<>();

	final BehaviourIndex behaviour = new BehaviourIndex();

	/** Events with ids above this were added one by one (see {@link #seenEvents}); at or below, by the build. */
	long eventLow = Long.MAX_VALUE;

	/** Ids of events above {@link #eventLow} already in the behaviour index, so a re-read never adds one twice. */
	final java.util.Set<Long> seenEvents = new java.util.HashSet<>();

	/** Org unit id → materialised path (for subtrees). */
	volatile Map<Long, String> unitPaths = Map.of();

	volatile long buildMillis;

	/** The day and org tree the dynamic segments' members were last evaluated whole for (engine's worker). */
	long settledDay = Long.MIN_VALUE;

	Map<Long, String> settledPaths = Map.of();

	/** Saved segments of the corp: dynamic ones with their current members, static ones with their snapshot. */
	final Map<Long, Saved> saved = new java.util.concurrent.ConcurrentHashMap<>();

	/** A saved segment as the engine holds it; {@code members} are ordinals. */
	static final class Saved {

		final long id;

		final boolean dynamic;

		final Expr expr;

		volatile RoaringBitmap members;

		Saved(long id, boolean dynamic, Expr expr, RoaringBitmap members) {
			this.id = id;
			this.dynamic = dynamic;
			this.expr = expr;
			this.members = members;
		}
	}

	CorpIndex(long corpId) {
		this.corpId = corpId;
	}

	/**
	 * Puts (or replaces) everything known of these customers. Caller holds the write lock. Their old bits are cleared
	 * for the whole batch at once (one {@code andNot} per bitmap): clearing one customer at a time touched every tag,
	 * staff and unit bitmap per customer, ~4,000 bitmaps with 2,000 tags.
	 */
	void putAll(java.util.Collection<CustomerFacts> batch) {
		RoaringBitmap ords = new RoaringBitmap();
		for (CustomerFacts c : batch) {
			ords.add(ordinals.findOrAdd(c.id));
		}
		clear(ords);
		for (CustomerFacts c : batch) {
			if (c.merged) {
				continue;
			}
			int ord = ordinals.find(c.id);
			attributes(ord, c.gender, c.stage, c.addedDay);
			c.tags.forEach(t -> tag(ord, t));
			c.relations.forEach(r -> relation(ord, r));
			c.fields.forEach(v -> field(ord, v));
		}
	}

	/** A live customer's own columns (makes the ordinal live). */
	void attributes(int ord, int genderCode, String stage, java.time.LocalDate addedDay) {
		alive.add(ord);
		gender[genderCode >= 0 && genderCode <= 2 ? genderCode : 0].add(ord);
		stages.computeIfAbsent(stage, k -> new RoaringBitmap()).add(ord);
		if (addedDay != null) {
			added.set(ord, Codes.day(addedDay));
			addedDays.set(ord, Codes.day(addedDay));
			addedWindows.set(ord, Codes.day(addedDay));
		}
	}

	void tag(int ord, long tagId) {
		tags.computeIfAbsent(tagId, k -> new RoaringBitmap()).add(ord);
	}

	void relation(int ord, CustomerFacts.Relation r) {
		if (r.state() != null) {
			channels.computeIfAbsent(r.state(), k -> new RoaringBitmap()).add(ord);
		}
		if (r.staffId() != null) {
			staffAny.computeIfAbsent(r.staffId(), k -> new RoaringBitmap()).add(ord);
			if (r.active()) {
				staffActive.computeIfAbsent(r.staffId(), k -> new RoaringBitmap()).add(ord);
			}
		}
		if (r.unitId() != null) {
			unitAny.computeIfAbsent(r.unitId(), k -> new RoaringBitmap()).add(ord);
			if (r.active()) {
				unitActive.computeIfAbsent(r.unitId(), k -> new RoaringBitmap()).add(ord);
			}
		}
	}

	void field(int ord, CustomerFacts.FieldValue v) {
		if (v.number() != null) {
			fieldOrdered.computeIfAbsent(v.fieldId(), k -> new BitSlicedIndex()).set(ord, Codes.number(v.number()));
		}
		else if (v.date() != null) {
			fieldOrdered.computeIfAbsent(v.fieldId(), k -> new BitSlicedIndex()).set(ord, Codes.day(v.date()));
		}
		else if (v.texts() != null) {
			Map<String, RoaringBitmap> values = fieldValues.computeIfAbsent(v.fieldId(), k -> new HashMap<>());
			v.texts().forEach(t -> values.computeIfAbsent(t, k -> new RoaringBitmap()).add(ord));
		}
	}

	/** Forgets everything about the ordinals except their behaviour (events are kept; dead ordinals drop out via alive). */
	private void clear(RoaringBitmap ords) {
		RoaringBitmap live = RoaringBitmap.and(ords, alive);
		if (live.isEmpty()) {
			return;
		}
		alive.andNot(live);
		tags.values().forEach(b -> b.andNot(live));
		for (RoaringBitmap g : gender) {
			g.andNot(live);
		}
		stages.values().forEach(b -> b.andNot(live));
		channels.values().forEach(b -> b.andNot(live));
		staffActive.values().forEach(b -> b.andNot(live));
		staffAny.values().forEach(b -> b.andNot(live));
		unitActive.values().forEach(b -> b.andNot(live));
		unitAny.values().forEach(b -> b.andNot(live));
		added.remove(live);
		addedDays.remove(live);
		addedWindows.remove(live);
		fieldValues.values().forEach(m -> m.values().forEach(b -> b.andNot(live)));
		fieldOrdered.values().forEach(b -> b.remove(live));
	}

	/** The customers added on the day of {@code code} or later (a new bitmap; for {@link AddedWindows}). */
	RoaringBitmap addedSince(long code) {
		return added.compare(Expr.Cmp.GE, code);
	}

	/** On a new day, builds the added windows kept on another day again (caller holds the read lock). */
	void roll(long today) {
		behaviour.roll(today);
		addedWindows.roll(today, this::addedSince);
	}

	/** The customer's ordinal, for events; -1 when unknown. */
	int ordinal(long customerId) {
		return ordinals.find(customerId);
	}

	void optimize() {
		alive.runOptimize();
		tags.values().forEach(RoaringBitmap::runOptimize);
		stages.values().forEach(RoaringBitmap::runOptimize);
		channels.values().forEach(RoaringBitmap::runOptimize);
		for (RoaringBitmap g : gender) {
			g.runOptimize();
		}
		staffActive.values().forEach(RoaringBitmap::runOptimize);
		staffAny.values().forEach(RoaringBitmap::runOptimize);
		unitActive.values().forEach(RoaringBitmap::runOptimize);
		unitAny.values().forEach(RoaringBitmap::runOptimize);
		added.optimize();
		fieldOrdered.values().forEach(BitSlicedIndex::optimize);
		behaviour.optimize();
	}

	/** Heap used by the indexes (bitmaps, slices, event columns, ordinals), approximately. */
	long bytes() {
		long total = ordinals.bytes() + alive.getSizeInBytes() + added.bytes() + addedDays.bytes() + addedWindows.bytes()
				+ behaviour.bytes();
		for (Map<?, RoaringBitmap> m : java.util.List.of(tags, stages, channels, staffActive, staffAny, unitActive, unitAny)) {
			for (RoaringBitmap b : m.values()) {
				total += b.getSizeInBytes() + 48;
			}
		}
		for (RoaringBitmap g : gender) {
			total += g.getSizeInBytes();
		}
		for (Map<String, RoaringBitmap> m : fieldValues.values()) {
			for (RoaringBitmap b : m.values()) {
				total += b.getSizeInBytes() + 48;
			}
		}
		for (BitSlicedIndex b : fieldOrdered.values()) {
			total += b.bytes();
		}
		return total;
	}

	int customers() {
		return alive.getCardinality();
	}

	// --- ordinals and data scopes

	/** The customers of a data scope: the staff member's, the unit subtree's, or every live one (not a copy). */
	RoaringBitmap scope(DataScope scope) {
		if (scope instanceof DataScope.OwnRows own) {
			return staffAny.getOrDefault(own.staffId(), new RoaringBitmap());
		}
		if (scope instanceof DataScope.Subtree subtree) {
			return subtree(subtree.rootUnitId());
		}
		return alive;
	}

	/** The live customers of a data scope (a new bitmap). */
	RoaringBitmap visible(DataScope scope) {
		return RoaringBitmap.and(scope(scope), alive);
	}

	/** Customers with a relation (any) to staff of the unit or a unit below it (a new bitmap). */
	RoaringBitmap subtree(long unitId) {
		RoaringBitmap r = new RoaringBitmap();
		Map<Long, String> paths = unitPaths;
		String prefix = paths.get(unitId);
		if (prefix == null) {
			return r;
		}
		paths.forEach((unit, path) -> {
			if (path.startsWith(prefix)) {
				RoaringBitmap b = unitAny.get(unit);
				if (b != null) {
					r.or(b);
				}
			}
		});
		return r;
	}

	/** The units and every unit below them. */
	java.util.List<Long> unitsUnder(java.util.List<Long> roots) {
		Map<Long, String> paths = unitPaths;
		java.util.List<Long> all = new java.util.ArrayList<>();
		for (Long root : roots) {
			String prefix = paths.get(root);
			if (prefix == null) {
				all.add(root);
				continue;
			}
			paths.forEach((id, path) -> {
				if (path.startsWith(prefix)) {
					all.add(id);
				}
			});
		}
		return all;
	}

	/** The ordinals of these customer ids (ids the index does not know are left out). */
	RoaringBitmap ordinals(java.util.List<Long> ids) {
		RoaringBitmap r = new RoaringBitmap();
		for (Long id : ids) {
			int ord = ordinal(id);
			if (ord >= 0) {
				r.add(ord);
			}
		}
		return r;
	}

	/** The customer ids of these ordinals, in ordinal order. */
	java.util.List<Long> ids(RoaringBitmap ords) {
		java.util.List<Long> ids = new java.util.ArrayList<>(ords.getCardinality());
		ords.forEach((int ord) -> ids.add(ordinals.id(ord)));
		return ids;
	}
}
