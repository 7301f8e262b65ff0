#include "cli/args.h"

#include <gtest/gtest.h>

namespace ds01::cli {
namespace {

struct Parsed {
  std::optional<std::string> name;
  std::optional<std::string> image;
  std::optional<int> gpus;
  std::optional<std::chrono::seconds> time;
  bool force = false;
};

Status ParseInto(Parsed& parsed, const std::vector<std::string>& args) {
  ArgSpec spec("container-create");
  spec.Name(&parsed.name);
  spec.Text("--image", "IMG", &parsed.image);
  spec.Count("--gpu,--gpus", "N", &parsed.gpus, "give a whole number: --gpu=1");
  spec.Seconds("-t,--time", &parsed.time);
  spec.Flag("-f,--force", &parsed.force);
  return spec.Parse(args);
}

TEST(ArgSpec, OptionValuesComeWithEqualsOrAsTheNextArgument) {
  Parsed with_equals;
  ASSERT_TRUE(ParseInto(with_equals, {"box", "--image=busybox", "--gpu=2"}).ok());
  Parsed with_space;
  ASSERT_TRUE(ParseInto(with_space, {"--image", "busybox", "--gpu", "2", "box"}).ok());
  for (const Parsed& parsed : {with_equals, with_space}) {
    EXPECT_EQ(parsed.name, "box");
    EXPECT_EQ(parsed.image, "busybox");
    EXPECT_EQ(parsed.gpus, 2);
  }
}

TEST(ArgSpec, AnEmptyValueAfterEqualsNeverTakesTheNextArgument) {
  Parsed parsed;
  Status status = ParseInto(parsed, {"box", "--image=", "--gpu", "2"});
  ASSERT_FALSE(status.ok()) << "Text refuses an empty value";
  EXPECT_NE(status.error().message.find("empty"), std::string::npos) << status.error().message;
  EXPECT_FALSE(parsed.gpus.has_value() && parsed.image == "--gpu");
}

TEST(ArgSpec, OptionsNotGivenStayUnset) {
  Parsed parsed;
  ASSERT_TRUE(ParseInto(parsed, {}).ok());
  EXPECT_FALSE(parsed.name);
  EXPECT_FALSE(parsed.image);
  EXPECT_FALSE(parsed.gpus);
  EXPECT_FALSE(parsed.time);
  EXPECT_FALSE(parsed.force);
}

TEST(ArgSpec, ZeroIsAValidCount) {
  Parsed parsed;
  ASSERT_TRUE(ParseInto(parsed, {"box", "--gpu=0"}).ok());
  EXPECT_EQ(parsed.gpus, 0);
}

TEST(ArgSpec, CountRefusesTextWithAUsageErrorNamingTheFix) {
  for (const char* bad : {"--gpu=abc", "--gpu=1.5", "--gpu=2x", "--gpu=-1"}) {
    Parsed parsed;
    Status status = ParseInto(parsed, {"box", bad});
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(status.error().message.find("--gpu takes a whole number"), std::string::npos)
        << status.error().message;
    EXPECT_EQ(status.error().hint, "give a whole number: --gpu=1");
  }
}

TEST(ArgSpec, AnAliasFillsTheSameTarget) {
  Parsed parsed;
  ASSERT_TRUE(ParseInto(parsed, {"box", "--gpus=3"}).ok());
  EXPECT_EQ(parsed.gpus, 3);
}

TEST(ArgSpec, SecondsTakePlainNumbersOrDurationsWithUnits) {
  Parsed plain;
  ASSERT_TRUE(ParseInto(plain, {"--time=5"}).ok());
  EXPECT_EQ(plain.time, std::chrono::seconds(5));
  Parsed minutes;
  ASSERT_TRUE(ParseInto(minutes, {"-t", "2m"}).ok());
  EXPECT_EQ(minutes.time, std::chrono::seconds(120));
  Parsed bad;
  Status status = ParseInto(bad, {"--time=soon"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "--time takes seconds, not 'soon'");
}

TEST(ArgSpec, FlagsTakeShortAndLongNames) {
  Parsed short_form;
  ASSERT_TRUE(ParseInto(short_form, {"-f"}).ok());
  EXPECT_TRUE(short_form.force);
  Parsed long_form;
  ASSERT_TRUE(ParseInto(long_form, {"--force"}).ok());
  EXPECT_TRUE(long_form.force);
}

TEST(ArgSpec, TheLastValueGivenWins) {
  Parsed parsed;
  ASSERT_TRUE(ParseInto(parsed, {"--gpu=1", "--gpu=2"}).ok());
  EXPECT_EQ(parsed.gpus, 2);
}

TEST(ArgSpec, AnUnknownFlagIsAUsageErrorPointingAtHelp) {
  Parsed parsed;
  Status status = ParseInto(parsed, {"box", "--privileged"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "unknown flag --privileged for container-create");
  EXPECT_EQ(status.error().hint, "see container-create --help");
}

TEST(ArgSpec, ASecondNameIsRefused) {
  Parsed parsed;
  Status status = ParseInto(parsed, {"one", "two"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "unexpected argument 'two' for container-create");
}

TEST(ArgSpec, AnEmptyValueIsRefused) {
  Parsed parsed;
  Status status = ParseInto(parsed, {"box", "--image="});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("--image"), std::string::npos);
}

TEST(ArgSpec, AnOptionWithoutItsValueIsRefused) {
  Parsed parsed;
  Status status = ParseInto(parsed, {"box", "--image"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().hint, "see container-create --help");
}

TEST(ArgSpec, DoubleDashEndsTheFlags) {
  Parsed parsed;
  Status status = ParseInto(parsed, {"--force", "--", "box"});
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(parsed.name, "box");
  EXPECT_TRUE(parsed.force);
}

struct ExecLine {
  std::optional<std::string> name;
  std::vector<std::string> env;
  std::optional<std::string> workdir;
  bool tty = false;
  std::vector<std::string> command;
};

Status ParseExec(ExecLine& line, const std::vector<std::string>& args) {
  ArgSpec spec("container-exec");
  spec.Name(&line.name);
  spec.List("-e,--env", "K=V", &line.env);
  spec.Text("-w,--workdir", "DIR", &line.workdir);
  spec.Flag("-t,--tty", &line.tty);
  spec.Command(&line.command);
  return spec.Parse(args);
}

TEST(ArgSpec, TheCommandFollowsDashesAndKeepsItsOwnFlags) {
  ExecLine line;
  ASSERT_TRUE(
      ParseExec(line, {"-t", "train", "-e", "A=1", "--env=B=2", "--", "ls", "-la", "--", "x"})
          .ok());
  EXPECT_EQ(line.name, "train");
  EXPECT_TRUE(line.tty);
  EXPECT_EQ(line.env, (std::vector<std::string>{"A=1", "B=2"}));
  EXPECT_EQ(line.command, (std::vector<std::string>{"ls", "-la", "--", "x"}));
}

TEST(ArgSpec, WithoutDashesTheCommandStartsAfterTheName) {
  ExecLine line;
  ASSERT_TRUE(ParseExec(line, {"-w", "/tmp", "train", "python", "-u", "run.py", "-t"}).ok());
  EXPECT_EQ(line.name, "train");
  EXPECT_EQ(line.workdir, "/tmp");
  EXPECT_FALSE(line.tty);  // the command's -t, not container-exec's
  EXPECT_EQ(line.command, (std::vector<std::string>{"python", "-u", "run.py", "-t"}));
}

}  // namespace
}  // namespace ds01::cli
