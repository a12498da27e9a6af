package org.shardtrain.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.als.AlsPasses;

/** The ALS file layout, spelled out: checkpoints and models of earlier runs must stay readable. */
class FactorFoldersTest {
  private final Path root = new Path("/run/checkpoints");

  @Test
  void iterationFoldersHoldUsersAndItems() {
    assertEquals(new Path("/run/checkpoints/factors-000007"), FactorFolders.iteration(root, 7));
    assertEquals(new Path("/run/checkpoints/factors-000007/users"), FactorFolders.users(root, 7));
    assertEquals(new Path("/run/checkpoints/factors-000000/items"), FactorFolders.items(root, 0));
    assertEquals(FactorFolders.items(root, 3), FactorFolders.of(root, 3, AlsPasses.Side.ITEMS));
    assertEquals(new Path("/run/checkpoints/factors-1234567/users"), FactorFolders.users(root, 1234567));
  }

  @Test
  void folderNamesGiveBackTheirIteration() {
    assertEquals(7, FactorFolders.iterationOf(FactorFolders.iteration(root, 7).getName()));
    assertEquals(1234567, FactorFolders.iterationOf("factors-1234567"));
    assertEquals(-1, FactorFolders.iterationOf("factors-12"));
    assertEquals(-1, FactorFolders.iterationOf("checkpoint-000001.avro"));
    assertEquals(-1, FactorFolders.iterationOf("factors-000001.tmp"));
  }

  @Test
  void partsAndModelFiles() {
    Path folder = FactorFolders.users(root, 1);
    assertEquals(new Path(folder, "part-*"), FactorFolders.parts(folder));
    assertEquals(new Path(folder, "part-r-00000"), FactorFolders.singlePart(folder));
    assertEquals(new Path("/m/users.avro"), FactorFolders.modelFile(new Path("/m"), AlsPasses.Side.USERS));
    assertEquals(new Path("/m/items.avro"), FactorFolders.modelFile(new Path("/m"), AlsPasses.Side.ITEMS));
  }
}
