package org.shardtrain.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatingErrorsTest {

  @Test
  void coldRatingsAreDroppedOrPredictedAsTheMeanAndAlwaysCounted() {
    double[] x = {1, 1};
    double[] y = {1, 2};
    for (AlsParams.ColdStart mode : AlsParams.ColdStart.values()) {
      RatingErrors e = new RatingErrors(mode, 3.5);
      e.add(x, y, 2, 4); // prediction 3, error 1
      e.add(null, y, 2, 2); // cold user
      e.add(x, null, 2, 5); // cold item
      assertEquals(2, e.cold());
      if (mode == AlsParams.ColdStart.DROP) {
        assertArrayEquals(new double[] {1, 1, 2, 2}, e.flat(), 0);
        assertEquals(1.0, e.rmse(), 0);
      } else {
        assertArrayEquals(new double[] {3, 1 + 2.25 + 2.25, 2, 0}, e.flat(), 1e-12);
      }
    }
  }

  @Test
  void topNKeepsTheBestAndBreaksTiesByItemId() {
    TopN top = new TopN(3);
    for (String item : List.of("d", "b", "a", "c", "e")) top.offer(item, item.equals("e") ? 9 : 1);
    assertEquals(List.of("e", "a", "b"), top.items());
    assertArrayEquals(new double[] {9, 1, 1}, top.scores(), 0);
  }
}
