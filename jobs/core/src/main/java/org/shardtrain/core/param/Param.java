package org.shardtrain.core.param;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One parameter, declared once: its CLI name ({@code --k}), its configuration key
 * ({@code shardtrain.kmeans.k}), its type, default, validation and description. The same
 * declaration is read from CLI flags, {@code -D}/{@code -conf}/Oozie configuration and the
 * YARN staging directory, and is listed by {@code --help}.
 *
 * @param <T> the value type
 */
public final class Param<T> {
  private final String name;
  private final String key;
  private final Class<T> type;
  private final Function<String, T> parser;
  private final T defaultValue;
  private final boolean required;
  private final Predicate<T> validator;
  private final String constraint;
  private final String description;
  private final boolean modelDefining;
  private final boolean path;
  /** For an enum narrowed by one program: the values it accepts (null: all of the type's). */
  private final java.util.List<T> choices;
  /** The shared declaration this is a program's narrowed copy of, or null. */
  private final Param<T> declaration;

  private Param(Builder<T> b) {
    this(b, null, null);
  }

  private Param(Builder<T> b, java.util.List<T> choices, Param<T> declaration) {
    this.choices = choices;
    this.declaration = declaration;
    this.name = b.name;
    this.key = b.key;
    this.type = b.type;
    this.parser = b.parser;
    this.defaultValue = b.defaultValue;
    this.required = b.required;
    this.validator = b.validator;
    this.constraint = b.constraint;
    this.description = b.description;
    this.modelDefining = b.modelDefining;
    this.path = b.path;
  }

  public String name() { return name; }
  /** The Hadoop configuration key; {@code -D key=value} sets it. */
  public String key() { return key; }
  public Class<T> type() { return type; }
  public T defaultValue() { return defaultValue; }
  public boolean required() { return required; }
  public String description() { return description; }
  /** Whether a change of this value makes a checkpoint of another run unusable for {@code --resume}. */
  public boolean modelDefining() { return modelDefining; }
  public boolean isFlag() { return type == Boolean.class; }
  /**
   * Whether the value names files (comma-separated): an engine that runs the program elsewhere (the YARN
   * ApplicationMaster) qualifies it against the submitter's filesystem and working directory first.
   */
  public boolean isPath() { return path; }

  /** Parses and validates a textual value; {@code origin} says where the text came from, for the error. */
  public T parse(String text, String origin) {
    T value;
    try {
      value = parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new ParamException("--" + name + " (" + origin + "): cannot read '" + text + "' as "
          + typeName() + (e.getMessage() == null || choices != null ? "" : ": " + e.getMessage()));
    }
    if (choices != null && !choices.contains(value)) {
      throw new ParamException("--" + name + " (" + origin + "): " + format(value) + " is not accepted here; expected "
          + "one of " + typeName());
    }
    validate(value, origin);
    return value;
  }

  /**
   * This parameter's value in a configuration: defaulted, parsed and validated exactly as when a program
   * resolves it ({@link ParamSet#resolve}). The one way code that has only a configuration (the
   * ApplicationMaster, a worker, a MapReduce task) reads a declared value, so no value is re-parsed by hand
   * with its default copied beside it.
   */
  public T read(ParamSource conf) {
    String text = conf.get(key);
    if (text == null || (text.isBlank() && !isFlag())) {
      if (required) throw new ParamException("missing required option --" + name + " (or -D " + key + "=...)");
      return defaultValue;
    }
    return parse(text, "configuration " + key);
  }

  /** As {@link #read}, but null when the configuration does not set it (whatever the default or requirement). */
  public T readIfSet(ParamSource conf) {
    String text = conf.get(key);
    return text == null || (text.isBlank() && !isFlag()) ? null : parse(text, "configuration " + key);
  }

  /** Sets {@code value} under this parameter's key, as text {@link #read} parses back; null sets nothing. */
  public void write(ParamSink conf, T value) {
    if (value != null) conf.set(key, format(value));
  }

  void validate(T value, String origin) {
    if (validator != null && !validator.test(value)) {
      throw new ParamException("--" + name + " (" + origin + "): " + format(value) + " is invalid; " + constraint);
    }
  }

  /** The value written back as text (to configuration, checkpoints and model metadata). */
  public String format(Object value) {
    if (value == null) return "";
    if (value instanceof Enum<?> e) return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return String.valueOf(value);
  }

  public String typeName() {
    if (type.isEnum()) {
      StringBuilder sb = new StringBuilder();
      for (Object c : choices != null ? choices.toArray() : type.getEnumConstants()) {
        if (sb.length() > 0) sb.append('|');
        sb.append(format(c));
      }
      return sb.toString();
    }
    return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  public String constraint() { return constraint; }

  @Override
  public String toString() { return "--" + name; }

  /** One parameter is one key: a program's narrowed copy ({@link #narrowed}) is the same parameter. */
  @Override
  public boolean equals(Object o) { return o instanceof Param<?> other && other.key.equals(key); }

  @Override
  public int hashCode() { return key.hashCode(); }

  /**
   * This parameter as one program offers it: another description, and for an enum only {@code choices}
   * (what --help lists, and anything else a usage error). Same key, so {@code params.get(this)} reads it.
   */
  @SafeVarargs
  public final Param<T> narrowed(String newDescription, T... choices) {
    return new Param<>(copy(newDescription), choices.length == 0 ? this.choices : java.util.List.of(choices),
        declaration());
  }

  /**
   * This parameter as one program offers it with its own default (e.g. {@code linear}'s optimiser is L-BFGS,
   * {@code sgd}'s is SGD): same key, validation and meaning, so every other reader of the key is unchanged.
   */
  public Param<T> defaultingTo(T value, String newDescription) {
    Builder<T> b = copy(newDescription);
    b.defaultValue = Objects.requireNonNull(value);
    b.required = false;
    return new Param<>(b, choices, declaration());
  }

  /** A builder holding everything this parameter declares, with another description if one is given. */
  private Builder<T> copy(String newDescription) {
    Builder<T> b = new Builder<>(name, key, type, parser);
    b.defaultValue = defaultValue;
    b.required = required;
    b.validator = validator;
    b.constraint = constraint;
    b.description = newDescription == null ? description : newDescription;
    b.modelDefining = modelDefining;
    b.path = path;
    return b;
  }

  /** The declaration shared by every program (this, unless this is a {@link #narrowed} copy). */
  public Param<T> declaration() { return declaration == null ? this : declaration; }

  public static Builder<Integer> intParam(String name, String key) {
    return new Builder<>(name, key, Integer.class, Integer::valueOf);
  }

  public static Builder<Long> longParam(String name, String key) {
    return new Builder<>(name, key, Long.class, Long::valueOf);
  }

  public static Builder<Double> doubleParam(String name, String key) {
    return new Builder<>(name, key, Double.class, s -> {
      double d = Double.parseDouble(s);
      if (!Double.isFinite(d)) throw new IllegalArgumentException("not a finite number");
      return d;
    });
  }

  public static Builder<String> stringParam(String name, String key) {
    return new Builder<>(name, key, String.class, s -> {
      if (s.isEmpty()) throw new IllegalArgumentException("empty");
      return s;
    });
  }

  /** A file or folder (or a comma-separated list of them); see {@link #isPath()}. */
  public static Builder<String> pathParam(String name, String key) {
    Builder<String> b = stringParam(name, key);
    b.path = true;
    return b;
  }

  public static Builder<Boolean> flag(String name, String key) {
    return new Builder<>(name, key, Boolean.class, s -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> Boolean.TRUE;
      case "false", "no", "0" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("expected true or false");
    }).defaultsTo(Boolean.FALSE);
  }

  /** Enum values are written in lower case with dashes ({@code ON_BAD_RECORD} reads {@code on-bad-record}). */
  public static <E extends Enum<E>> Builder<E> enumParam(String name, String key, Class<E> type) {
    return new Builder<>(name, key, type, s -> {
      String wanted = s.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      for (E c : type.getEnumConstants()) {
        if (c.name().equals(wanted)) return c;
      }
      throw new IllegalArgumentException("expected one of " + describe(type));
    });
  }

  private static String describe(Class<? extends Enum<?>> type) {
    StringBuilder sb = new StringBuilder();
    for (Enum<?> c : type.getEnumConstants()) {
      if (sb.length() > 0) sb.append('|');
      sb.append(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    return sb.toString();
  }

  /** Builds a {@link Param}; {@link #required()} or {@link #defaultsTo} must be called. */
  public static final class Builder<T> {
    private final String name;
    private final String key;
    private final Class<T> type;
    private final Function<String, T> parser;
    private T defaultValue;
    private boolean required;
    private Predicate<T> validator;
    private String constraint = "";
    private String description = "";
    private boolean modelDefining;
    private boolean path;

    private Builder(String name, String key, Class<T> type, Function<String, T> parser) {
      this.name = Objects.requireNonNull(name);
      this.key = Objects.requireNonNull(key);
      this.type = type;
      this.parser = parser;
    }

    public Builder<T> defaultsTo(T value) { this.defaultValue = value; this.required = false; return this; }
    /** No default and must be given. */
    public Builder<T> required() { this.required = true; this.defaultValue = null; return this; }
    /** No default and may be left out (the value is then null). */
    public Builder<T> optional() { this.required = false; this.defaultValue = null; return this; }
    public Builder<T> validate(Predicate<T> rule, String constraint) {
      this.validator = rule;
      this.constraint = constraint;
      return this;
    }
    public Builder<T> describe(String text) { this.description = text; return this; }
    public Builder<T> modelDefining() { this.modelDefining = true; return this; }
    public Param<T> build() { return new Param<>(this); }
  }
}
