package org.shardtrain.integration;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.shardtrain.mapreduce.OozieMain;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Walks a shipped Oozie workflow the way Oozie would, for the node types and EL the shardtrain workflows use:
 * {@code <java>} actions (global configuration, job-xml, configuration and args merged into the file named
 * by {@code oozie.action.conf.xml}, the main class called in-process, {@code oozie.action.output.properties}
 * read back as {@code wf:actionData}), {@code <prepare><delete>}, {@code <fs><mkdir>}, decisions, kill and
 * end. Anything else fails loudly: it is a stand-in for an embedded Oozie (see the issue 8 note), not a
 * general interpreter.
 */
final class WorkflowHarness {
  private final Configuration cluster;
  private final Map<String, String> props;
  private final String id;
  private final java.nio.file.Path scratch;
  final List<String> visited = new ArrayList<>();
  final Map<String, Properties> actionData = new LinkedHashMap<>();
  final StringBuilder console = new StringBuilder();
  String killMessage;
  final Map<String, String> errors = new LinkedHashMap<>();
  private String lastFailed;

  WorkflowHarness(Configuration cluster, Map<String, String> props, String id, java.nio.file.Path scratch) {
    this.cluster = cluster;
    this.props = props;
    this.id = id;
    this.scratch = scratch;
  }

  /** job.properties with {@code overrides} on top, as {@code oozie job -config job.properties -D...} would. */
  static Map<String, String> jobProperties(java.nio.file.Path file, Map<String, String> overrides) throws Exception {
    Properties p = new Properties();
    try (InputStream in = new FileInputStream(file.toFile())) {
      p.load(in);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) out.put(k, p.getProperty(k));
    out.putAll(overrides);
    return out;
  }

  /** Runs the workflow from its start node; returns true when it reached an end node. */
  boolean run(java.nio.file.Path workflowXml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(workflowXml.toFile());
    Element app = doc.getDocumentElement();
    Map<String, Element> nodes = new LinkedHashMap<>();
    Element global = null;
    String next = null;
    for (Element e : children(app)) {
      switch (e.getLocalName()) {
        case "global" -> global = e;
        case "start" -> next = e.getAttribute("to");
        default -> nodes.put(e.getAttribute("name"), e);
      }
    }
    while (true) {
      Element node = nodes.get(next);
      if (node == null) throw new IllegalStateException("no node " + next);
      visited.add(next);
      switch (node.getLocalName()) {
        case "end" -> { return true; }
        case "kill" -> {
          killMessage = el(text(child(node, "message")));
          return false;
        }
        case "decision" -> next = decide(node);
        case "action" -> next = act(node, global);
        default -> throw new UnsupportedOperationException("node type " + node.getLocalName());
      }
    }
  }

  private String decide(Element decision) {
    Element sw = child(decision, "switch");
    for (Element c : children(sw)) {
      if (c.getLocalName().equals("case") && bool(text(c))) return c.getAttribute("to");
      if (c.getLocalName().equals("default")) return c.getAttribute("to");
    }
    throw new IllegalStateException("decision " + decision.getAttribute("name") + " has no default");
  }

  private String act(Element action, Element global) throws Exception {
    Element body = children(action).get(0);
    boolean ok;
    String name = action.getAttribute("name");
    FileSystem fs = FileSystem.get(cluster);
    switch (body.getLocalName()) {
      case "fs" -> {
        for (Element op : children(body)) {
          if (!op.getLocalName().equals("mkdir")) throw new UnsupportedOperationException("fs " + op.getLocalName());
          fs.mkdirs(new Path(el(op.getAttribute("path"))));
        }
        ok = true;
      }
      case "java" -> ok = java(name, body, global, fs);
      default -> throw new UnsupportedOperationException("action type " + body.getLocalName());
    }
    return child(action, ok ? "ok" : "error").getAttribute("to");
  }

  private boolean java(String name, Element java, Element global, FileSystem fs) throws Exception {
    Configuration conf = new Configuration(cluster);
    if (global != null && child(global, "configuration") != null) addProperties(conf, child(global, "configuration"));
    List<String> args = new ArrayList<>();
    String mainClass = null;
    for (Element e : children(java)) {
      switch (e.getLocalName()) {
        case "prepare" -> {
          for (Element d : children(e)) fs.delete(new Path(el(d.getAttribute("path"))), true);
        }
        case "job-xml" -> {
          Path jobXml = new Path(el(text(e)));
          try (InputStream in = jobXml.getFileSystem(cluster).open(jobXml)) {
            Configuration x = new Configuration(false);
            x.addResource(in, jobXml.toString());
            x.forEach(p -> conf.set(p.getKey(), p.getValue()));
          }
        }
        case "configuration" -> addProperties(conf, e);
        case "main-class" -> mainClass = text(e);
        case "arg" -> args.add(el(text(e)));
        case "capture-output" -> { }
        default -> throw new UnsupportedOperationException("java action element " + e.getLocalName());
      }
    }
    if (!OozieMain.class.getName().equals(mainClass)) throw new IllegalStateException("main class " + mainClass);
    File actionConf = scratch.resolve(id + "-" + name + "-action.xml").toFile();
    File output = scratch.resolve(id + "-" + name + "-output.properties").toFile();
    try (OutputStream o = new java.io.FileOutputStream(actionConf)) {
      conf.writeXml(o);
    }
    System.setProperty(OozieMain.ACTION_CONF, actionConf.getAbsolutePath());
    System.setProperty(OozieMain.ACTION_OUTPUT, output.getAbsolutePath());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8);
    OozieMain.Outcome outcome;
    try {
      outcome = OozieMain.run(args.toArray(new String[0]), stream, stream);
    } finally {
      System.clearProperty(OozieMain.ACTION_CONF);
      System.clearProperty(OozieMain.ACTION_OUTPUT);
    }
    console.append("== ").append(name).append(" ").append(args).append('\n').append(captured.toString(StandardCharsets.UTF_8));
    Properties data = new Properties();
    if (output.exists()) {
      try (InputStream in = new FileInputStream(output)) {
        data.load(in);
      }
    }
    if (outcome.exitCode() == 0) {
      actionData.put(name, data); // Oozie reads captured output only from actions that succeeded
    } else {
      errors.put(name, outcome.message(args.get(0))); // what OozieMain.main throws
      lastFailed = name;
    }
    return outcome.exitCode() == 0;
  }

  private void addProperties(Configuration conf, Element configuration) {
    for (Element p : children(configuration)) {
      conf.set(el(text(child(p, "name"))), el(text(child(p, "value"))));
    }
  }

  // --- the EL the shipped workflows use ---

  private static final Pattern EXPR = Pattern.compile("\\$\\{([^}]*)}");

  /** Replaces every ${...} in {@code s}. */
  String el(String s) {
    Matcher m = EXPR.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1).trim())));
    m.appendTail(out);
    return out.toString();
  }

  private boolean bool(String s) {
    Matcher m = EXPR.matcher(s.trim());
    if (!m.matches()) throw new IllegalArgumentException("not an expression: " + s);
    boolean all = true;
    for (String term : m.group(1).split("\\s+and\\s+")) all &= term(term.trim());
    return all;
  }

  private static final Pattern EQ = Pattern.compile("(.+?)\\s+eq\\s+'([^']*)'");
  private static final Pattern EXISTS = Pattern.compile("fs:exists\\(concat\\((\\w+),\\s*'([^']*)'\\)\\)");

  private boolean term(String t) {
    Matcher eq = EQ.matcher(t);
    if (eq.matches()) return value(eq.group(1).trim()).equals(eq.group(2));
    Matcher exists = EXISTS.matcher(t);
    if (exists.matches()) {
      try {
        Path p = new Path(value(exists.group(1)) + exists.group(2));
        return p.getFileSystem(cluster).exists(p);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    throw new UnsupportedOperationException("EL term " + t);
  }

  private static final Pattern ACTION_DATA = Pattern.compile("wf:actionData\\(\\s*(.+?)\\s*\\)\\['([^']*)'\\]");

  private String value(String expr) {
    if (expr.equals("wf:id()")) return id;
    if (expr.equals("wf:lastErrorNode()")) return lastError();
    if (expr.equals("wf:errorMessage(wf:lastErrorNode())")) return errors.getOrDefault(lastError(), "");
    Matcher data = ACTION_DATA.matcher(expr);
    if (data.matches()) {
      String node = data.group(1).equals("wf:lastErrorNode()") ? lastError() : data.group(1).replace("'", "");
      Properties d = actionData.get(node);
      return d == null ? "" : d.getProperty(data.group(2), "");
    }
    if (expr.matches("[A-Za-z][\\w.]*")) {
      String v = props.get(expr);
      if (v == null) throw new IllegalArgumentException("the workflow uses ${" + expr + "}, which job.properties lacks");
      return el(v);
    }
    throw new UnsupportedOperationException("EL expression " + expr);
  }

  private String lastError() { return lastFailed == null ? "" : lastFailed; }

  private static List<Element> children(Node parent) {
    List<Element> out = new ArrayList<>();
    NodeList list = parent.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) if (list.item(i) instanceof Element e) out.add(e);
    return out;
  }

  private static Element child(Element parent, String name) {
    for (Element e : children(parent)) if (e.getLocalName().equals(name)) return e;
    return null;
  }

  private static String text(Element e) { return e.getTextContent().trim(); }
}
