package io.siyu.sandbox;

/**
 * The shape of a seeded world: stores (departments under regions), members per store, customers
 * spread over members, customer groups and corp tags. Same seed, same world.
 */
public record WorldSpec(int departments, int staffPerDepartment, int customers, int groups, int tags) {

  public WorldSpec {
    if (departments < 1 || staffPerDepartment < 1 || customers < 0 || groups < 0 || tags < 0) {
      throw new IllegalArgumentException("need at least one department with one member");
    }
  }

  /** A small demo world: 3 stores, 2 members each, 50 customers, 4 groups, 12 tags. */
  public static WorldSpec demo() {
    return new WorldSpec(3, 2, 50, 4, 12);
  }
}
