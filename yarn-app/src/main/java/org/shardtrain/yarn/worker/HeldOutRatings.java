package org.shardtrain.yarn.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.shardtrain.core.als.AlsParams;
import org.shardtrain.core.als.RatingErrors;

/**
 * A worker's share of ALS's test ratings (those of its user block), and their errors against a factor
 * folder pair: only the factors of these users and items are read, not the whole model.
 */
final class HeldOutRatings {
  private final Configuration conf;
  private final int rank;
  private final List<String> users = new ArrayList<>();
  private final List<String> items = new ArrayList<>();
  private double[] ratings = new double[0];

  HeldOutRatings(Configuration conf, int rank) {
    this.conf = conf;
    this.rank = rank;
  }

  void add(String user, String item, double rating) {
    users.add(user);
    items.add(item);
    if (users.size() > ratings.length) ratings = Arrays.copyOf(ratings, Math.max(16, ratings.length * 2));
    ratings[users.size() - 1] = rating;
  }

  int size() { return users.size(); }

  RatingErrors evaluate(Path userFolder, Path itemFolder, AlsParams.ColdStart coldStart, double mean)
      throws IOException {
    Map<String, double[]> userFactors = new HashMap<>();
    Map<String, double[]> itemFactors = new HashMap<>();
    for (int i = 0; i < users.size(); i++) {
      userFactors.put(users.get(i), null);
      itemFactors.put(items.get(i), null);
    }
    FactorFiles.readFolder(conf, userFolder, (id, x, n) -> { if (userFactors.containsKey(id)) userFactors.put(id, Arrays.copyOf(x, n)); });
    FactorFiles.readFolder(conf, itemFolder, (id, x, n) -> { if (itemFactors.containsKey(id)) itemFactors.put(id, Arrays.copyOf(x, n)); });
    RatingErrors errors = new RatingErrors(coldStart, mean);
    for (int i = 0; i < users.size(); i++) {
      errors.add(userFactors.get(users.get(i)), itemFactors.get(items.get(i)), rank, ratings[i]);
    }
    return errors;
  }
}
