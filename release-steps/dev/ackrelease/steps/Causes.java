package dev.ackrelease.steps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An exception's cause chain: the exception itself first, then its cause, its cause's cause, and
 * so on. The walk ends at the first exception it has already seen (by identity), so a cause that
 * is itself or a longer loop of causes ends the chain instead of the run. Suppressed exceptions
 * are not part of it.
 */
public final class Causes {

  private Causes() {}

  /** The first exception in {@code e}'s chain that is a {@code type}. */
  public static <T> Optional<T> find(Throwable e, Class<T> type) {
    return find(e, type, t -> true);
  }

  /** The first exception in {@code e}'s chain that is a {@code type} and passes {@code test}. */
  public static <T> Optional<T> find(Throwable e, Class<T> type, Predicate<? super T> test) {
    for (Throwable t : chain(e)) {
      if (type.isInstance(t) && test.test(type.cast(t))) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /** The first exception in {@code e}'s chain that passes {@code test}. */
  public static Optional<Throwable> first(Throwable e, Predicate<Throwable> test) {
    return find(e, Throwable.class, test);
  }

  /** The last exception in {@code e}'s chain: the one without a cause, or the last before the chain loops back. */
  public static Throwable root(Throwable e) {
    List<Throwable> chain = chain(Objects.requireNonNull(e, "e"));
    return chain.get(chain.size() - 1);
  }

  /** {@code e} and its causes in order, each once; empty when {@code e} is null. */
  static List<Throwable> chain(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
