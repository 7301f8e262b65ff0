#include "policy/dockerfile_parse.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ds01::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

ParsedDockerfile Parsed(std::string_view text) {
  auto parsed = ParseDockerfile(text);
  EXPECT_TRUE(parsed.ok()) << text << "\n-> " << parsed.error().ToString();
  return parsed.ok() ? *parsed : ParsedDockerfile{};
}

// Each instruction as "LINE: TEXT".
std::vector<std::string> Instructions(std::string_view text) {
  std::vector<std::string> out;
  for (const DockerfileInstruction& instruction : Parsed(text).instructions) {
    out.push_back(std::to_string(instruction.line) + ": " + instruction.text);
  }
  return out;
}

std::string Expanded(const DockerfileGlobalArgs& args, std::string_view word) {
  auto expanded = args.Expand(word);
  EXPECT_TRUE(expanded.ok()) << word << "\n-> " << expanded.error().ToString();
  return expanded.ok() ? *expanded : std::string("<error>");
}

std::string Unexpanded(const DockerfileGlobalArgs& args, std::string_view word) {
  auto expanded = args.Expand(word);
  EXPECT_FALSE(expanded.ok()) << word << "\n-> " << *expanded;
  return expanded.ok() ? std::string() : expanded.error().message;
}

TEST(ParseDockerfile, ContinuationLinesJoinAsTheEngineJoinsThem) {
  // The FROM on line 3 is the RUN's argument, not an instruction.
  EXPECT_THAT(Instructions("FROM debian\nRUN echo \\\nFROM ds01-1001/x\n"),
              ElementsAre("1: FROM debian", "2: RUN echo FROM ds01-1001/x"));
  // Comment lines and blank lines inside a continuation are skipped; other lines keep their
  // leading blanks.
  EXPECT_THAT(Instructions("FROM \\\n# a comment\n   \\\n\n  ds01-1001/x\n"),
              ElementsAre("1: FROM "
                          "   "
                          "  ds01-1001/x"));
  EXPECT_THAT(Instructions("FROM ds01-1001\\\n/x\n"), ElementsAre("1: FROM ds01-1001/x"));
  // An escaped escape character ends the line; blanks after the escape character do not.
  EXPECT_THAT(Instructions("RUN echo \\\\\nFROM x\n"),
              ElementsAre("1: RUN echo \\\\", "2: FROM x"));
  EXPECT_THAT(Instructions("RUN a \\ \t\n b\n"), ElementsAre("1: RUN a  b"));
  // A comment ending in the escape character continues nothing.
  EXPECT_THAT(Instructions("# note \\\nFROM x\n"), ElementsAre("2: FROM x"));
  EXPECT_THAT(Instructions("RUN a \\"), ElementsAre("1: RUN a "));
  EXPECT_THAT(Instructions(""), IsEmpty());
}

TEST(ParseDockerfile, AByteOrderMarkAndCrLfLineEndsAreDropped) {
  EXPECT_THAT(Instructions("\xEF\xBB\xBF"
                           "FROM a\r\nRUN b \\\r\n  c\r\n"),
              ElementsAre("1: FROM a", "2: RUN b   c"));
  // Only at the start of the file: elsewhere the mark is part of the line.
  EXPECT_THAT(Instructions("FROM a\n\xEF\xBB\xBF"
                           "RUN b\n"),
              ElementsAre("1: FROM a",
                          "2: \xEF\xBB\xBF"
                          "RUN b"));
  // Go's white space includes NO-BREAK SPACE before an instruction.
  EXPECT_THAT(Instructions("\xC2\xA0"
                           "FROM x\n"),
              ElementsAre("1: FROM x"));
}

TEST(ParseDockerfile, TheEscapeDirectiveMakesTheBacktickContinueLines) {
  const ParsedDockerfile parsed =
      Parsed("# escape=`\nFROM ds01-1000/x `\n  AS build\nRUN dir C:\\\nFROM ds01-1001/y\n");
  EXPECT_EQ(parsed.escape, '`');
  ASSERT_EQ(parsed.instructions.size(), 3U);
  EXPECT_EQ(parsed.instructions[0].text, "FROM ds01-1000/x   AS build");
  EXPECT_EQ(parsed.instructions[1].text, "RUN dir C:\\");
  EXPECT_EQ(parsed.instructions[2].line, 5);
  EXPECT_THAT(Instructions("# escape=`\nFROM a\nRUN echo `\nFROM ds01-1001/x\n"),
              ElementsAre("2: FROM a", "3: RUN echo FROM ds01-1001/x"));
  for (const char* text :
       {"#syntax=docker/dockerfile:1\n# Escape = `\nFROM a\n",
        "\xEF\xBB\xBF  #  escape=`  \r\nFROM a\n", "# check=skip=all\n#escape=`\n"}) {
    EXPECT_EQ(Parsed(text).escape, '`') << text;
  }
}

TEST(ParseDockerfile, DirectivesCountOnlyAtTheTop) {
  // Below an instruction, a comment or a blank line "# escape=`" is a comment.
  for (const char* text : {"FROM a\n# escape=`\nRUN echo `\nFROM ds01-1001/x\n",
                           "# hello\n# escape=`\nRUN echo `\nFROM ds01-1001/x\n",
                           "\n# escape=`\nRUN echo `\nFROM ds01-1001/x\n"}) {
    const ParsedDockerfile parsed = Parsed(text);
    EXPECT_EQ(parsed.escape, '\\') << text;
    EXPECT_EQ(parsed.instructions.back().text, "FROM ds01-1001/x") << text;
  }
}

TEST(ParseDockerfile, ABadOrRepeatedDirectiveIsAnError) {
  auto bad = ParseDockerfile("# escape=x\nFROM a\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message, "Dockerfile line 1: the escape directive names 'x'");
  auto twice = ParseDockerfile("# escape=`\n# ESCAPE=\\\nFROM a\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message, "Dockerfile line 2: a second escape directive");
}

TEST(DockerfileInstruction, SourceOffsetFindsAPartInTheDockerfile) {
  const std::string text = "ARG A\nFROM \\\n  debian:bookworm-slim AS a\n";
  const ParsedDockerfile parsed = Parsed(text);
  ASSERT_EQ(parsed.instructions.size(), 2U);
  const DockerfileInstruction& from = parsed.instructions[1];
  const std::string_view image = std::string_view(from.text).substr(from.text.find("debian"), 20);
  EXPECT_EQ(from.SourceOffset(image), text.find("debian"));
  EXPECT_EQ(from.SourceOffset(std::string_view(from.text).substr(0, 7)), std::nullopt);
}

TEST(SplitDockerfileCommand, ReadsKeywordFlagsAndArguments) {
  const DockerfileCommand from =
      SplitDockerfileCommand("  FROM --platform=linux/amd64 debian:bookworm-slim AS build ", '\\');
  EXPECT_EQ(from.name, "from");
  EXPECT_THAT(from.flags, ElementsAre("--platform=linux/amd64"));
  EXPECT_EQ(from.args, "debian:bookworm-slim AS build");
  // Quotes and escapes come off flags, in their names as in their values.
  const DockerfileCommand copy = SplitDockerfileCommand(
      "cOpY --chown=1000 --from=\"ds01-1001/x\" --fr'om'=a\\ b\t/a /b", '\\');
  EXPECT_EQ(copy.name, "copy");
  EXPECT_THAT(copy.flags, ElementsAre("--chown=1000", "--from=ds01-1001/x", "--from=a b"));
  EXPECT_EQ(copy.args, "/a /b");
  EXPECT_THAT(SplitDockerfileCommand("COPY --from=a`\"b /a /b", '`').flags,
              ElementsAre("--from=a\"b"));
  // A bare "--" ends the flags.
  const DockerfileCommand dashes = SplitDockerfileCommand("COPY -- --from=x /a /b", '\\');
  EXPECT_THAT(dashes.flags, IsEmpty());
  EXPECT_EQ(dashes.args, "--from=x /a /b");
  EXPECT_EQ(SplitDockerfileCommand("ONBU\xC4\xB0LD RUN x", '\\').name, "onbuild");
  EXPECT_EQ(SplitDockerfileCommand("RUN\v<<EOF", '\\').args, "<<EOF");
  EXPECT_EQ(SplitDockerfileCommand("FROM", '\\').args, "");
}

TEST(SplitDockerfileFields, SplitsAtBlanksOnly) {
  EXPECT_THAT(SplitDockerfileFields("debian  AS\tbuild"), ElementsAre("debian", "AS", "build"));
  EXPECT_THAT(SplitDockerfileFields("\"a b\""), ElementsAre("\"a", "b\""));
  EXPECT_THAT(SplitDockerfileFields("a \xC2\xA0"
                                    "b"),
              ElementsAre("a",
                          "\xC2\xA0"
                          "b"));
  EXPECT_THAT(SplitDockerfileFields(""), IsEmpty());
}

TEST(LowerLikeGo, LowersWhatGoLowersToAscii) {
  EXPECT_EQ(LowerLikeGo("FrOm"), "from");
  EXPECT_EQ(LowerLikeGo("\xE2\x84\xAA"
                        "EY-\xC4\xB0"),
            "key-i");
  EXPECT_EQ(LowerLikeGo("\xC3\x9C"), "\xC3\x9C");  // Ü stays: Go lowers it to ü, not ASCII
}

TEST(DockerfileGlobalArgs, ExpandsNamesAndDefaults) {
  DockerfileGlobalArgs args('\\');
  args.Declare("BASE=debian", 1);
  args.Declare("TAG=bookworm-slim EMPTY= UNSET", 2);
  EXPECT_EQ(Expanded(args, "$BASE:${TAG}"), "debian:bookworm-slim");
  EXPECT_EQ(Expanded(args, "x${UNSET:-y}${EMPTY:-z}${EMPTY-w}"), "xyz");
  EXPECT_EQ(Expanded(args, "x${TAG:+1}${EMPTY+2}${EMPTY:+3}${UNSET+4}"), "x12");
  EXPECT_EQ(Expanded(args, "x${UNDECLARED}$UNSET"), "x");
  EXPECT_EQ(Expanded(args, "x${UNSET:-${BASE}}"), "xdebian");
  EXPECT_EQ(Expanded(args, "a$ b$/c$"), "a$ b$/c$");
}

TEST(DockerfileGlobalArgs, QuotesAndEscapesComeOffAsTheShellTakesThemOff) {
  DockerfileGlobalArgs args('\\');
  args.Declare("IMG=\"debian:bookworm-slim\" 'Q'=ds01-1001/x R='$BASE'", 1);
  EXPECT_EQ(Expanded(args, "${IMG}"), "debian:bookworm-slim");
  EXPECT_EQ(Expanded(args, "\"$Q\""), "ds01-1001/x");
  EXPECT_EQ(Expanded(args, "$R"), "$BASE");
  EXPECT_EQ(Expanded(args, "ds01-1001\\/x"), "ds01-1001/x");
  EXPECT_EQ(Expanded(args, "\"a\\\"b\\x\\$Q\""), "a\"b\\x$Q");
  EXPECT_EQ(Expanded(args, "'$Q'"), "$Q");
  DockerfileGlobalArgs backtick('`');
  backtick.Declare("A=x`$B", 1);
  EXPECT_EQ(Expanded(backtick, "$A\\`$"), "x$B\\$");
}

TEST(DockerfileGlobalArgs, OneArgLineExpandsBeforeItAssigns) {
  // B sees A as it was before the line, unset, as the engine expands it.
  DockerfileGlobalArgs args('\\');
  args.Declare("A=ds01-1001 B=${A:-ds01-1000}/x", 1);
  EXPECT_EQ(Expanded(args, "$B"), "ds01-1000/x");
  args.Declare("A", 2);
  EXPECT_EQ(Expanded(args, "x$A"), "x");
}

TEST(DockerfileGlobalArgs, ArgsTheEngineMaySetItselfAreRefused) {
  DockerfileGlobalArgs args('\\');
  args.Declare("TARGETARCH=amd64 HTTP_PROXY", 1);
  for (const char* word : {"${TARGETARCH}", "$HTTP_PROXY", "x${BUILDKIT_SYNTAX:-}"}) {
    EXPECT_THAT(Unexpanded(args, word), HasSubstr("a build argument the engine may set itself"))
        << word;
  }
}

TEST(DockerfileGlobalArgs, SubstitutionsBeyondDefaultsAreRefused) {
  DockerfileGlobalArgs args('\\');
  args.Declare("A=x", 1);
  EXPECT_THAT(Unexpanded(args, "${A/x/ds01-1001}"), HasSubstr("a substitution ds01 does not read"));
  EXPECT_THAT(Unexpanded(args, "${A:?no}"), HasSubstr("a substitution ds01 does not read"));
  for (const char* word : {"${A#x}", "${A%x}", "${A:x}", "${1}", "${}"}) {
    EXPECT_FALSE(args.Expand(word).ok()) << word;
  }
  EXPECT_THAT(Unexpanded(args, "ds01-1000/$1"), HasSubstr("$1 is a shell parameter"));
  EXPECT_THAT(Unexpanded(args, "x${"), HasSubstr("not followed by a name"));
  EXPECT_THAT(Unexpanded(args, "x${A"), HasSubstr("a ${ is not closed"));
  EXPECT_THAT(Unexpanded(args, "x${A:-y"), HasSubstr("a ${ is not closed"));
  EXPECT_THAT(Unexpanded(args, "'x"), HasSubstr("single quote is not closed"));
  EXPECT_THAT(Unexpanded(args, "\"x\\"), HasSubstr("double quote is not closed"));
  EXPECT_THAT(Unexpanded(args,
                         "d\xC3\xA9"
                         "bian"),
              HasSubstr("control or non-ASCII byte"));
}

TEST(DockerfileGlobalArgs, AnArgDs01CannotReadFailsWhatUsesIt) {
  DockerfileGlobalArgs args('\\');
  args.Declare("B=ok A=\"ds01-1000", 1);
  EXPECT_EQ(Expanded(args, "$B"), "ok");
  EXPECT_EQ(Unexpanded(args, "$A/x"),
            "ARG A on line 1 has a value ds01 cannot read: a double quote is not closed");
  args.Declare("C=$A", 2);
  EXPECT_EQ(Unexpanded(args, "$C"),
            "ARG A on line 1 has a value ds01 cannot read: a double quote is not closed");
  // A name it cannot read may be any name.
  args.Declare("$X=y", 3);
  EXPECT_EQ(Unexpanded(args, "$B"), "the ARG on line 3 declares a name ds01 cannot read");
  EXPECT_EQ(Expanded(args, "plain"), "plain");
}

TEST(DockerfileGlobalArgs, ArgsThatDoubleThemselvesAreBounded) {
  DockerfileGlobalArgs args('\\');
  args.Declare("A=x", 1);
  for (int i = 0; i < 64; ++i) args.Declare("A=$A$A", i + 2);
  EXPECT_THAT(Unexpanded(args, "ds01-1000/${A}"), HasSubstr("expands to more than 1024 bytes"));
}

}  // namespace
}  // namespace ds01::policy
