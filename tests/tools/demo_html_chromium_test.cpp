// `glasstls demo --html FILE` in headless Chromium (issue 13, item 4): the
// page loads with no console message and no script error, its script builds
// the timeline, the key schedule diagram and both chains; expanding a message
// works (the page's #expand=NAME&hover=FIELD fragment opens a message and
// hovers a field, and the DOM Chromium dumps shows the bytes highlighted);
// and a screenshot of each version's page is kept in the build tree
// (GLASSTLS_ARTIFACT_DIR); the --compare page loads too. Skipped when
// chromium is not installed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

namespace glasstls::test {
namespace {

namespace fs = std::filesystem;

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The console lines and uncaught errors Chromium logged (--enable-logging).
std::string console_lines(const std::string& log) {
  std::string out;
  std::size_t begin = 0;
  while (begin < log.size()) {
    auto end = log.find('\n', begin);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(begin, end - begin);
    if (line.find(":CONSOLE") != std::string::npos || line.find("Uncaught") != std::string::npos)
      out.append(line).append("\n");
    begin = end + 1;
  }
  return out;
}

// The <body ...> start tag, where the script reports how it went.
std::string body_tag(const std::string& dom) {
  const auto begin = dom.find("<body");
  if (begin == std::string::npos) return "";
  return dom.substr(begin, dom.find('>', begin) - begin + 1);
}

class DemoHtmlChromium : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run("command -v chromium >/dev/null 2>&1") != 0)
      GTEST_SKIP() << "chromium is not installed";
    dir_ = fs::temp_directory_path() /
           ("glasstls-demo-html-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    fs::create_directories(GLASSTLS_ARTIFACT_DIR);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // Runs headless Chromium on `url` with a fresh profile, bounded by timeout;
  // `what` is --dump-dom or --screenshot=FILE. Returns the exit code; the
  // output goes to dir_/NAME.out and the log to dir_/NAME.log.
  int chromium(const std::string& name, const std::string& url, const std::string& what) {
    const fs::path profile = dir_ / ("profile-" + name);
    const std::string command =
        std::string(
            "timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
            "--disable-background-networking --disable-component-update --disable-sync "
            "--hide-scrollbars --window-size=1280,2400 --enable-logging=stderr --v=0 "
            "--user-data-dir=")
            .append(profile.string())
            .append(" ")
            .append(what)
            .append(" '")
            .append(url)
            .append("' >")
            .append((dir_ / (name + ".out")).string())
            .append(" 2>")
            .append((dir_ / (name + ".log")).string());
    return run(command);
  }
  std::string out(const std::string& name) { return slurp(dir_ / (name + ".out")); }
  std::string log(const std::string& name) { return slurp(dir_ / (name + ".log")); }

  std::string page(const std::string& demo_args) {
    const fs::path file = dir_ / "page.html";
    const std::string command = std::string(GLASSTLS_BIN)
                                    .append(" demo --seed 1 ")
                                    .append(demo_args)
                                    .append(" --html ")
                                    .append(file.string())
                                    .append(" >/dev/null 2>&1");
    EXPECT_EQ(run(command), 0) << command;
    return "file://" + file.string();
  }

  fs::path dir_;
};

// The harness itself: a page whose script throws is caught by both checks.
TEST_F(DemoHtmlChromium, AThrowingScriptIsSeen) {
  const fs::path bad = dir_ / "bad.html";
  std::ofstream(bad)
      << "<!DOCTYPE html><html><body><script>no_such_function();</script></body></html>\n";
  ASSERT_EQ(chromium("bad", "file://" + bad.string(), "--dump-dom"), 0);
  EXPECT_NE(console_lines(log("bad")).find("no_such_function"), std::string::npos) << log("bad");
  EXPECT_EQ(body_tag(out("bad")).find("data-status=\"ok\""), std::string::npos);
}

TEST_F(DemoHtmlChromium, Tls13PageLoadsExpandsAndHighlights) {
  const std::string url = page("");
  ASSERT_EQ(chromium("dom", url + "#expand=ClientHello&hover=random", "--dump-dom"), 0)
      << log("dom");
  EXPECT_EQ(console_lines(log("dom")), "");
  const std::string dom = out("dom");
  EXPECT_NE(
      dom.find("<body data-status=\"ok\" data-expanded=\"ClientHello\" data-messages=\"10\">"),
      std::string::npos)
      << dom.substr(0, 2000);
  EXPECT_EQ(body_tag(dom).find("data-errors"), std::string::npos) << body_tag(dom);
  // The expanded ClientHello: its bytes as spans, its field tree with the
  // glossary's notes, and the hovered "random" (32 bytes at offset 6)
  // highlighted in both.
  EXPECT_NE(dom.find("data-highlighted=\"random 6+32\""), std::string::npos);
  EXPECT_EQ(count(dom, " hl\" data-i="), 32u) << "the 32 bytes of the random";
  EXPECT_NE(dom.find("<span class=\"f hl\" data-field=\"random\">"), std::string::npos);
  EXPECT_NE(dom.find("fresh random bytes from the client"), std::string::npos);
  EXPECT_NE(dom.find("data-field=\"key_exchange\""), std::string::npos);
  // Without the fragment nothing is expanded; every message is a row.
  ASSERT_EQ(chromium("plain", url, "--dump-dom"), 0);
  const std::string plain = out("plain");
  EXPECT_NE(plain.find("data-status=\"ok\""), std::string::npos);
  EXPECT_EQ(plain.find("data-i="), std::string::npos) << "no message expanded";
  for (const char* m : {"ClientHello", "ServerHello", "EncryptedExtensions", "CertificateRequest",
                        "Certificate", "CertificateVerify", "Finished"}) {
    EXPECT_NE(plain.find(std::string("data-message=\"").append(m).append("\"")), std::string::npos)
        << m;
  }
  // The key schedule diagram: boxes linked by drawn paths, RFC 8446 labels.
  std::smatch links;
  ASSERT_TRUE(std::regex_search(plain, links, std::regex("data-links=\"([0-9]+)\"")));
  EXPECT_GE(std::stoi(links[1]), 10);
  EXPECT_NE(plain.find("client_handshake_traffic_secret"), std::string::npos);
  EXPECT_NE(plain.find("\"tls13 c hs traffic\""), std::string::npos);
  // Both chains, each with its path to the root.
  EXPECT_NE(plain.find("data-checker=\"client\""), std::string::npos);
  EXPECT_NE(plain.find("data-checker=\"server\""), std::string::npos);
  EXPECT_EQ(count(plain, "\xe2\x9c\x93 reached a trust anchor: the path is valid"), 2u);

  const fs::path shot = fs::path(GLASSTLS_ARTIFACT_DIR) / "demo-tls13.png";
  fs::remove(shot);
  ASSERT_EQ(
      chromium("shot", url + "#expand=ClientHello&hover=random", "--screenshot=" + shot.string()),
      0)
      << log("shot");
  const std::string png = slurp(shot);
  ASSERT_GT(png.size(), 10000u) << shot;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(DemoHtmlChromium, Tls12PageWithSecrets) {
  const std::string url = page("--tls 1.2 --secrets");
  ASSERT_EQ(chromium("dom", url + "#expand=ServerKeyExchange&hover=signed_params", "--dump-dom"),
            0);
  EXPECT_EQ(console_lines(log("dom")), "");
  const std::string dom = out("dom");
  EXPECT_NE(dom.find("data-status=\"ok\""), std::string::npos);
  EXPECT_NE(dom.find("data-expanded=\"ServerKeyExchange\""), std::string::npos);
  EXPECT_NE(dom.find("data-highlighted=\"signed_params "), std::string::npos);
  // The secrets warning shows, and the master secret's box has its inputs.
  EXPECT_EQ(dom.find("id=\"secrets-warning\" hidden"), std::string::npos);
  EXPECT_NE(dom.find("PRF(pre_master_secret, \"extended master secret\""), std::string::npos);
  EXPECT_NE(dom.find("master_secret \xe2\x86\x90 master_secret"), std::string::npos)
      << "key_block's input linked to the master secret";
  const fs::path shot = fs::path(GLASSTLS_ARTIFACT_DIR) / "demo-tls12.png";
  fs::remove(shot);
  ASSERT_EQ(chromium("shot", url, "--screenshot=" + shot.string()), 0);
  EXPECT_GT(slurp(shot).size(), 10000u);
}

// `glasstls demo --compare --html FILE`: a static page (no script), the two
// handshakes side by side in one row per purpose.
TEST_F(DemoHtmlChromium, ComparePageLoads) {
  const std::string url = page("--compare");
  ASSERT_EQ(chromium("dom", url, "--dump-dom"), 0) << log("dom");
  EXPECT_EQ(console_lines(log("dom")), "");
  const std::string dom = out("dom");
  for (const char* purpose : {"key exchange", "server authentication", "client authentication",
                              "Finished", "other"}) {
    EXPECT_EQ(count(dom, std::string("data-purpose=\"").append(purpose).append("\"")), 1u)
        << purpose;
  }
  // 13 items in TLS 1.2 (with its two ChangeCipherSpec), 12 in TLS 1.3.
  EXPECT_EQ(count(dom, "<div class=\"msg "), 25u);
  EXPECT_EQ(count(dom, "data-message=\"Certificate\" data-from=\"server\" "
                       "data-encrypted=\"false\""),
            1u);
  EXPECT_EQ(count(dom, "data-message=\"Certificate\" data-from=\"server\" "
                       "data-encrypted=\"true\""),
            1u);
  EXPECT_NE(dom.find("Round trips before the client may send application data: 2 in TLS 1.2, 1 "
                     "in TLS 1.3"),
            std::string::npos);
  const fs::path shot = fs::path(GLASSTLS_ARTIFACT_DIR) / "demo-compare.png";
  fs::remove(shot);
  ASSERT_EQ(chromium("shot", url, "--screenshot=" + shot.string()), 0) << log("shot");
  EXPECT_GT(slurp(shot).size(), 10000u);
}

TEST_F(DemoHtmlChromium, AMissingMessageIsAnError) {
  const std::string url = page("");
  ASSERT_EQ(chromium("dom", url + "#expand=NoSuchMessage", "--dump-dom"), 0);
  const std::string dom = out("dom");
  EXPECT_NE(body_tag(dom).find("data-errors=\"no message NoSuchMessage to expand\""),
            std::string::npos)
      << body_tag(dom);
  EXPECT_EQ(body_tag(dom).find("data-status=\"ok\""), std::string::npos);
}

}  // namespace
}  // namespace glasstls::test
