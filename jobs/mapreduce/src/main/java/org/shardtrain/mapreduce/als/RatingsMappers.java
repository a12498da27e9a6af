package org.shardtrain.mapreduce.als;

import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.shardtrain.formats.AlsValue;

/**
 * Mappers that put prepared ratings (user → (item, r)) or factors (id → factor) under the join key. Ratings
 * are stored keyed by user; the item-keyed join swaps them on the fly.
 */
public final class RatingsMappers {
  private RatingsMappers() {}

  /** Ratings for the join on the item: key item, value (user, r). */
  public static final class ByItem extends Mapper<Text, AlsValue, AlsKey, AlsValue> {
    private final AlsKey key = new AlsKey();
    private final AlsValue value = new AlsValue();

    @Override
    protected void map(Text user, AlsValue rating, Context context) throws IOException, InterruptedException {
      key.set(rating.other(), AlsKey.RATING);
      context.write(key, value.rating(user, rating.rating()));
    }
  }

  /** Ratings for the join on the user: key user, value (item, r). */
  public static final class ByUser extends Mapper<Text, AlsValue, AlsKey, AlsValue> {
    private final AlsKey key = new AlsKey();

    @Override
    protected void map(Text user, AlsValue rating, Context context) throws IOException, InterruptedException {
      key.set(user, AlsKey.RATING);
      context.write(key, rating);
    }
  }

  /** Pairs from a previous join (key: the next join's ID), passed on as ratings of that ID. */
  public static final class Pairs extends Mapper<Text, AlsValue, AlsKey, AlsValue> {
    private final AlsKey key = new AlsKey();

    @Override
    protected void map(Text id, AlsValue pair, Context context) throws IOException, InterruptedException {
      key.set(id, AlsKey.RATING);
      context.write(key, pair);
    }
  }

  /** Factors, sorted before the ratings of their ID. */
  public static final class Factors extends Mapper<Text, AlsValue, AlsKey, AlsValue> {
    private final AlsKey key = new AlsKey();

    @Override
    protected void map(Text id, AlsValue factor, Context context) throws IOException, InterruptedException {
      key.set(id, AlsKey.FACTOR);
      context.write(key, factor);
    }
  }
}
