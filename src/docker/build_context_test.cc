#include "docker/build_context.h"

#include <archive.h>
#include <archive_entry.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace ds01::docker {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

IgnoreRules Rules(std::string_view text) {
  Result<IgnoreRules> rules = IgnoreRules::Parse(text);
  EXPECT_TRUE(rules.ok()) << rules.error().ToString();
  return rules.ok() ? std::move(rules).value() : IgnoreRules();
}

TEST(IgnoreRules, StarMatchesWithinOneSegmentOnly) {
  IgnoreRules rules = Rules("*.log\n");
  EXPECT_TRUE(rules.Excludes("debug.log"));
  EXPECT_FALSE(rules.Excludes("logs/debug.log"));
  EXPECT_FALSE(rules.Excludes("debug.log.txt"));
}

TEST(IgnoreRules, PatternNamingADirectoryCoversEverythingBelowIt) {
  IgnoreRules rules = Rules("node_modules\ncache/*\n");
  EXPECT_TRUE(rules.Excludes("node_modules"));
  EXPECT_TRUE(rules.Excludes("node_modules/pkg/index.js"));
  EXPECT_TRUE(rules.Excludes("cache/a/b"));
  EXPECT_FALSE(rules.Excludes("cache"));
  EXPECT_FALSE(rules.Excludes("src/node_modules"));
}

TEST(IgnoreRules, QuestionMarkMatchesOneCharacter) {
  IgnoreRules rules = Rules("file?.txt\n");
  EXPECT_TRUE(rules.Excludes("file1.txt"));
  EXPECT_FALSE(rules.Excludes("file10.txt"));
  EXPECT_FALSE(rules.Excludes("file.txt"));
}

TEST(IgnoreRules, DoubleStarSpansAnyNumberOfDirectories) {
  IgnoreRules rules = Rules("**/*.tmp\na/**/z\n");
  EXPECT_TRUE(rules.Excludes("x.tmp"));
  EXPECT_TRUE(rules.Excludes("d/e/f/x.tmp"));
  EXPECT_TRUE(rules.Excludes("a/z"));
  EXPECT_TRUE(rules.Excludes("a/b/c/z"));
  EXPECT_FALSE(rules.Excludes("b/z"));
}

TEST(IgnoreRules, TrailingDoubleStarCoversTheContentsButNotTheDirectory) {
  IgnoreRules rules = Rules("build/**\n");
  EXPECT_TRUE(rules.Excludes("build/out.o"));
  EXPECT_TRUE(rules.Excludes("build/deep/out.o"));
  EXPECT_FALSE(rules.Excludes("build"));
}

TEST(IgnoreRules, LeadingSlashAnchorsAtTheContextRoot) {
  IgnoreRules rules = Rules("/secret\n");
  EXPECT_TRUE(rules.Excludes("secret"));
  EXPECT_FALSE(rules.Excludes("config/secret"));
}

TEST(IgnoreRules, ExceptionBringsBackWhatAnEarlierPatternExcluded) {
  IgnoreRules rules = Rules("*.md\n!README.md\ndocs\n!docs/keep/\n");
  EXPECT_TRUE(rules.Excludes("notes.md"));
  EXPECT_FALSE(rules.Excludes("README.md"));
  EXPECT_TRUE(rules.Excludes("docs/drop.txt"));
  EXPECT_FALSE(rules.Excludes("docs/keep/this.txt"));
  EXPECT_TRUE(rules.HasExceptions());
}

TEST(IgnoreRules, LastMatchingPatternWins) {
  IgnoreRules rules = Rules("!keep.txt\n*.txt\n");
  EXPECT_TRUE(rules.Excludes("keep.txt"));
  EXPECT_FALSE(Rules("*.txt\n").HasExceptions());
}

TEST(IgnoreRules, CommentsBlankLinesAndSurroundingSpaceAreIgnored) {
  IgnoreRules rules = Rules("# a comment\n\n   \n  *.o  \r\n");
  EXPECT_TRUE(rules.Excludes("main.o"));
  EXPECT_FALSE(rules.Excludes("# a comment"));
  EXPECT_FALSE(rules.Excludes("main.c"));
}

TEST(IgnoreRules, PatternsAreCleanedLikePaths) {
  IgnoreRules rules = Rules("./build/../out//\n");
  EXPECT_TRUE(rules.Excludes("out/file"));
  EXPECT_FALSE(rules.Excludes("build/file"));
}

TEST(IgnoreRules, CharacterClassesAndEscapes) {
  IgnoreRules rules = Rules("log[0-9]\n[^a-c]x\n\\*star\n");
  EXPECT_TRUE(rules.Excludes("log7"));
  EXPECT_FALSE(rules.Excludes("logx"));
  EXPECT_TRUE(rules.Excludes("dx"));
  EXPECT_FALSE(rules.Excludes("bx"));
  EXPECT_TRUE(rules.Excludes("*star"));
  EXPECT_FALSE(rules.Excludes("a-star"));
}

TEST(IgnoreRules, MalformedPatternsAreRefused) {
  for (std::string_view text : {"[abc\n", "!\n", "x\\\n", "[]\n"}) {
    Result<IgnoreRules> rules = IgnoreRules::Parse(text);
    ASSERT_FALSE(rules.ok()) << text;
    EXPECT_EQ(rules.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(rules.error().hint.empty());
  }
}

TEST(IgnoreRules, KeepOverridesEveryEarlierPatternLiterally) {
  IgnoreRules rules = Rules("*\n");
  rules.Keep("sub/Docker[file]");
  EXPECT_FALSE(rules.Excludes("sub/Docker[file]"));
  EXPECT_TRUE(rules.Excludes("sub/Dockerf"));
}

// ---- MakeBuildContext ----

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ds01-context-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

  void Write(const std::string& name, const std::string& text, fs::perms mode = fs::perms(0644)) {
    fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    fs::permissions(file, mode);
  }

 private:
  fs::path path_;
};

struct TarEntry {
  std::string name;
  mode_t type = 0;
  mode_t perm = 0;
  std::int64_t uid = -1;
  std::string content;
  std::string link_target;
};

std::vector<TarEntry> ReadTar(const std::string& tar) {
  std::vector<TarEntry> entries;
  struct archive* reader = archive_read_new();
  archive_read_support_format_tar(reader);
  EXPECT_EQ(archive_read_open_memory(reader, tar.data(), tar.size()), ARCHIVE_OK);
  struct archive_entry* entry = nullptr;
  while (archive_read_next_header(reader, &entry) == ARCHIVE_OK) {
    TarEntry out;
    out.name = archive_entry_pathname(entry);
    out.type = archive_entry_filetype(entry);
    out.perm = archive_entry_perm(entry);
    out.uid = archive_entry_uid(entry);
    if (archive_entry_symlink(entry) != nullptr) out.link_target = archive_entry_symlink(entry);
    char buffer[4096];
    for (la_ssize_t got; (got = archive_read_data(reader, buffer, sizeof buffer)) > 0;) {
      out.content.append(buffer, static_cast<std::size_t>(got));
    }
    entries.push_back(out);
  }
  archive_read_free(reader);
  return entries;
}

std::vector<std::string> Names(const std::vector<TarEntry>& entries) {
  std::vector<std::string> names;
  for (const TarEntry& entry : entries) names.push_back(entry.name);
  return names;
}

std::vector<TarEntry> TarOf(const fs::path& dir, std::string_view dockerfile = "Dockerfile") {
  Result<BuildContext> context = MakeBuildContext(dir, {.dockerfile = std::string(dockerfile)});
  EXPECT_TRUE(context.ok()) << context.error().ToString();
  return context.ok() ? ReadTar(context->tar) : std::vector<TarEntry>{};
}

TEST(MakeBuildContext, SendsTheTreeDepthFirstInByteOrderOwnedByRoot) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM scratch\n");
  dir.Write("b.txt", "b");
  dir.Write("a/x.txt", "x");
  dir.Write("a.txt", "a");
  dir.Write("Z.txt", "z");
  std::vector<TarEntry> entries = TarOf(dir.path());
  EXPECT_THAT(Names(entries),
              ElementsAre("Dockerfile", "Z.txt", "a/", "a/x.txt", "a.txt", "b.txt"));
  for (const TarEntry& entry : entries) EXPECT_EQ(entry.uid, 0) << entry.name;
}

TEST(MakeBuildContext, KeepsContentAndPermissionBits) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  dir.Write("run.sh", "#!/bin/sh\necho hi\n", fs::perms(0755));
  std::vector<TarEntry> entries = TarOf(dir.path());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].content, "FROM base\n");
  EXPECT_EQ(entries[1].name, "run.sh");
  EXPECT_EQ(entries[1].type, AE_IFREG);
  EXPECT_EQ(entries[1].perm, 0755u);
  EXPECT_EQ(entries[1].content, "#!/bin/sh\necho hi\n");
}

TEST(MakeBuildContext, LeavesOutWhatDockerignoreExcludes) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  dir.Write(".dockerignore", "ignored.txt\nlogs\n**/*.tmp\n!logs/keep.log\n");
  dir.Write("ignored.txt", "secret");
  dir.Write("logs/a.log", "a");
  dir.Write("logs/keep.log", "k");
  dir.Write("src/deep/x.tmp", "t");
  dir.Write("src/main.c", "int main;");
  EXPECT_THAT(Names(TarOf(dir.path())), ElementsAre(".dockerignore", "Dockerfile", "logs/keep.log",
                                                    "src/", "src/deep/", "src/main.c"));
}

TEST(MakeBuildContext, AlwaysSendsTheDockerfileAndTheDockerignore) {
  TempDir dir;
  dir.Write("build/Dockerfile.dev", "FROM base\n");
  dir.Write(".dockerignore", "*\n");
  dir.Write("other", "o");
  Result<BuildContext> context =
      MakeBuildContext(dir.path(), {.dockerfile = "build/Dockerfile.dev"});
  ASSERT_TRUE(context.ok()) << context.error().ToString();
  EXPECT_EQ(context->dockerfile, "build/Dockerfile.dev");
  EXPECT_THAT(Names(ReadTar(context->tar)), ElementsAre(".dockerignore", "build/Dockerfile.dev"));
}

TEST(MakeBuildContext, StoresSymlinksAsLinksWithoutFollowingThem) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  fs::create_symlink("/etc/passwd", dir.path() / "passwd");
  fs::create_directory_symlink("/etc", dir.path() / "etc");
  std::vector<TarEntry> entries = TarOf(dir.path());
  ASSERT_THAT(Names(entries), ElementsAre("Dockerfile", "etc", "passwd"));
  EXPECT_EQ(entries[1].type, AE_IFLNK);
  EXPECT_EQ(entries[1].link_target, "/etc");
  EXPECT_EQ(entries[2].type, AE_IFLNK);
  EXPECT_EQ(entries[2].link_target, "/etc/passwd");
  EXPECT_EQ(entries[2].content, "");
}

TEST(MakeBuildContext, SameTreeGivesTheSameBytes) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  for (int i = 0; i < 20; ++i) dir.Write("f" + std::to_string(i * 7 % 20), std::to_string(i));
  Result<BuildContext> first = MakeBuildContext(dir.path());
  Result<BuildContext> second = MakeBuildContext(dir.path());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->tar, second->tar);
}

TEST(MakeBuildContext, AcceptsAnAbsoluteDockerfilePathInsideTheContext) {
  TempDir dir;
  dir.Write("docker/Dockerfile", "FROM base\n");
  Result<BuildContext> context =
      MakeBuildContext(dir.path(), {.dockerfile = (dir.path() / "docker/Dockerfile").string()});
  ASSERT_TRUE(context.ok()) << context.error().ToString();
  EXPECT_EQ(context->dockerfile, "docker/Dockerfile");
}

TEST(MakeBuildContext, RefusesADockerfileOutsideTheContext) {
  TempDir outer;
  outer.Write("Dockerfile", "FROM base\n");
  outer.Write("ctx/file", "f");
  fs::path context = outer.path() / "ctx";
  fs::create_symlink(outer.path() / "Dockerfile", context / "Linked");
  for (std::string dockerfile :
       {std::string("../Dockerfile"), (outer.path() / "Dockerfile").string(),
        std::string("sub/../../Dockerfile"), std::string("Linked")}) {
    Result<BuildContext> built = MakeBuildContext(context, {.dockerfile = dockerfile});
    ASSERT_FALSE(built.ok()) << dockerfile;
    EXPECT_EQ(built.error().code, ErrorCode::kInvalidArgument) << dockerfile;
    EXPECT_THAT(built.error().message, HasSubstr("outside the build context"));
    EXPECT_THAT(built.error().hint, HasSubstr("move the Dockerfile into the context"));
  }
}

TEST(MakeBuildContext, SendsTheGivenDockerfileTextInTheFilesPlace) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM someone-elses/image\n");
  dir.Write("app.py", "print(1)\n");
  Result<BuildContext> context =
      MakeBuildContext(dir.path(), {.dockerfile_text = std::string("FROM reviewed\n")});
  ASSERT_TRUE(context.ok()) << context.error().ToString();
  std::vector<TarEntry> entries = ReadTar(context->tar);
  ASSERT_THAT(Names(entries), ElementsAre("Dockerfile", "app.py"));
  EXPECT_EQ(entries[0].content, "FROM reviewed\n");
}

TEST(MakeBuildContext, RefusesLinksOutOfTheContextWhenAsked) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  dir.Write("data/real.csv", "1,2\n");
  fs::create_symlink("real.csv", dir.path() / "data/inside");
  fs::create_symlink("../Dockerfile", dir.path() / "data/up-but-inside");
  ASSERT_TRUE(MakeBuildContext(dir.path(), {.refuse_links_out = true}).ok());

  for (auto [name, target] : {std::pair{"etc", "/etc"}, std::pair{"data/up", "../../secret"}}) {
    fs::create_symlink(target, dir.path() / name);
    Result<BuildContext> refused = MakeBuildContext(dir.path(), {.refuse_links_out = true});
    ASSERT_FALSE(refused.ok()) << name;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(refused.error().message, HasSubstr(std::string(name) + " is a symbolic link to"));
    EXPECT_THAT(refused.error().hint, HasSubstr("list " + std::string(name) + " in .dockerignore"));
    dir.Write(".dockerignore", name);  // listed: left out, and the build goes on
    EXPECT_TRUE(MakeBuildContext(dir.path(), {.refuse_links_out = true}).ok()) << name;
    fs::remove(dir.path() / ".dockerignore");
    fs::remove(dir.path() / name);
  }
}

TEST(MakeBuildContext, AContextOverTheLimitIsRefusedBeforeItIsRead) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  dir.Write("weights.bin", std::string(64 * 1024, 'w'));
  Result<BuildContext> refused = MakeBuildContext(dir.path(), {.max_bytes = 32 * 1024});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kLimitExceeded);
  EXPECT_THAT(refused.error().message, HasSubstr("larger than 32.0KiB"));
  EXPECT_THAT(refused.error().hint, HasSubstr(".dockerignore"));
  EXPECT_TRUE(MakeBuildContext(dir.path(), {.max_bytes = 1024 * 1024}).ok());
}

TEST(MakeBuildContext, MissingDockerfileOrContextIsNotFound) {
  TempDir dir;
  dir.Write("file", "f");
  Result<BuildContext> no_dockerfile = MakeBuildContext(dir.path());
  ASSERT_FALSE(no_dockerfile.ok());
  EXPECT_EQ(no_dockerfile.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(no_dockerfile.error().message, HasSubstr("No Dockerfile at"));

  Result<BuildContext> no_context = MakeBuildContext(dir.path() / "absent");
  ASSERT_FALSE(no_context.ok());
  EXPECT_EQ(no_context.error().code, ErrorCode::kNotFound);
}

TEST(MakeBuildContext, MalformedDockerignoreIsReported) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  dir.Write(".dockerignore", "[oops\n");
  Result<BuildContext> context = MakeBuildContext(dir.path());
  ASSERT_FALSE(context.ok());
  EXPECT_EQ(context.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(context.error().message, HasSubstr("[oops"));
}

TEST(MakeBuildContext, LeavesOutFifosSocketsAndDevices) {
  TempDir dir;
  dir.Write("Dockerfile", "FROM base\n");
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0644), 0);
  EXPECT_THAT(Names(TarOf(dir.path())), Not(Contains("fifo")));
}

}  // namespace
}  // namespace ds01::docker
