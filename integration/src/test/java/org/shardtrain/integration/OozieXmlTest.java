package org.shardtrain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.shardtrain.core.testing.Datasets;
import org.xml.sax.SAXException;

/** Every shipped workflow and coordinator validates against Oozie's own XSDs (from oozie-client). */
class OozieXmlTest {
  static Validator validator(String xsd) throws SAXException {
    URL schema = OozieXmlTest.class.getResource("/" + xsd);
    assertTrue(schema != null, xsd + " is not on the classpath (org.apache.oozie:oozie-client)");
    return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(schema).newValidator();
  }

  static List<Path> shipped(String name) throws IOException {
    try (Stream<Path> files = Files.walk(Datasets.projectFile("conf/oozie"))) {
      return files.filter(p -> p.getFileName().toString().equals(name)).sorted().toList();
    }
  }

  @Test
  void workflowsValidate() throws Exception {
    List<Path> workflows = shipped("workflow.xml");
    assertEquals(1, workflows.size(), workflows.toString());
    for (Path wf : workflows) validator("oozie-workflow-1.0.xsd").validate(new StreamSource(wf.toFile()));
  }

  @Test
  void coordinatorsValidate() throws Exception {
    List<Path> coordinators = shipped("coordinator.xml");
    assertEquals(1, coordinators.size(), coordinators.toString());
    for (Path c : coordinators) validator("oozie-coordinator-0.5.xsd").validate(new StreamSource(c.toFile()));
  }

  @Test
  void theValidatorRejectsAMalformedWorkflow() throws Exception {
    String broken = Files.readString(shipped("workflow.xml").get(0)).replaceFirst("<main-class>", "<mainclass>")
        .replaceFirst("</main-class>", "</mainclass>");
    assertThrows(SAXException.class,
        () -> validator("oozie-workflow-1.0.xsd").validate(new StreamSource(new java.io.StringReader(broken))));
  }
}
