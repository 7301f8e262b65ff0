#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kMaxDepth = 32 };

typedef struct {
  const char* start;
  const char* p;
  char* error;
  size_t error_size;
} parser;

static int fail(parser* ps, const char* what) {
  snprintf(ps->error, ps->error_size, "%s at byte %ld", what, (long)(ps->p - ps->start));
  return 0;
}

static void skip_space(parser* ps) {
  while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r') ps->p++;
}

static int parse_value(parser* ps, json_value* out, int depth);

static int parse_string(parser* ps, char** out) {
  ps->p++; /* past the opening quote */
  size_t cap = 16, len = 0;
  char* buf = malloc(cap);
  if (!buf) return fail(ps, "out of memory");
  for (;;) {
    char c = *ps->p++;
    if (c == '\0' || (unsigned char)c < 0x20) {
      free(buf);
      ps->p--;
      return fail(ps, "unterminated string");
    }
    if (c == '"') break;
    if (c == '\\') {
      char e = *ps->p++;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          c = e;
          break;
        case 'n':
          c = '\n';
          break;
        case 't':
          c = '\t';
          break;
        case 'r':
          c = '\r';
          break;
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        default:
          free(buf);
          ps->p--;
          return fail(ps, "unsupported escape (the fake reads ASCII only)");
      }
    }
    if (len + 2 > cap) {
      char* grown = realloc(buf, cap *= 2);
      if (!grown) {
        free(buf);
        return fail(ps, "out of memory");
      }
      buf = grown;
    }
    buf[len++] = c;
  }
  buf[len] = '\0';
  *out = buf;
  return 1;
}

/* Appends one slot to a container value; returns the new slot or NULL when out of memory. */
static json_value* append_item(json_value* container, int with_key) {
  json_value* items = realloc(container->items, (container->count + 1) * sizeof(json_value));
  if (!items) return NULL;
  container->items = items;
  if (with_key) {
    char** keys = realloc(container->keys, (container->count + 1) * sizeof(char*));
    if (!keys) return NULL;
    container->keys = keys;
    container->keys[container->count] = NULL;
  }
  memset(&items[container->count], 0, sizeof(json_value));
  return &items[container->count++];
}

static int parse_container(parser* ps, json_value* out, int depth, int is_object) {
  const char close = is_object ? '}' : ']';
  out->type = is_object ? JSON_OBJECT : JSON_ARRAY;
  ps->p++;
  skip_space(ps);
  if (*ps->p == close) {
    ps->p++;
    return 1;
  }
  for (;;) {
    json_value* item = append_item(out, is_object);
    if (!item) return fail(ps, "out of memory");
    if (is_object) {
      skip_space(ps);
      if (*ps->p != '"') return fail(ps, "expected a string key");
      if (!parse_string(ps, &out->keys[out->count - 1])) return 0;
      skip_space(ps);
      if (*ps->p != ':') return fail(ps, "expected ':'");
      ps->p++;
    }
    if (!parse_value(ps, item, depth + 1)) return 0;
    skip_space(ps);
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == close) {
      ps->p++;
      return 1;
    }
    return fail(ps, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static int parse_literal(parser* ps, const char* word) {
  size_t n = strlen(word);
  if (strncmp(ps->p, word, n) != 0) return fail(ps, "unexpected character");
  ps->p += n;
  return 1;
}

static int parse_value(parser* ps, json_value* out, int depth) {
  if (depth > kMaxDepth) return fail(ps, "nested too deeply");
  skip_space(ps);
  char c = *ps->p;
  if (c == '{' || c == '[') return parse_container(ps, out, depth, c == '{');
  if (c == '"') {
    out->type = JSON_STRING;
    return parse_string(ps, &out->string);
  }
  if (c == 't' || c == 'f') {
    out->type = JSON_BOOL;
    out->boolean = c == 't';
    return parse_literal(ps, c == 't' ? "true" : "false");
  }
  if (c == 'n') {
    out->type = JSON_NULL;
    return parse_literal(ps, "null");
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    char* end = NULL;
    out->type = JSON_NUMBER;
    out->number = strtod(ps->p, &end);
    ps->p = end;
    return 1;
  }
  return fail(ps, c ? "unexpected character" : "unexpected end of input");
}

static void free_contents(json_value* value) {
  for (size_t i = 0; i < value->count; i++) {
    free_contents(&value->items[i]);
    if (value->keys) free(value->keys[i]);
  }
  free(value->items);
  free(value->keys);
  free(value->string);
}

json_value* json_parse(const char* text, char* error, size_t error_size) {
  parser ps = {text, text, error, error_size};
  json_value* root = calloc(1, sizeof(json_value));
  if (!root) return NULL;
  int ok = parse_value(&ps, root, 0);
  if (ok) {
    skip_space(&ps);
    if (*ps.p != '\0') ok = fail(&ps, "trailing characters");
  }
  if (!ok) {
    json_free(root);
    return NULL;
  }
  return root;
}

void json_free(json_value* value) {
  if (!value) return;
  free_contents(value);
  free(value);
}

const json_value* json_get(const json_value* value, const char* key) {
  if (!value || value->type != JSON_OBJECT) return NULL;
  for (size_t i = 0; i < value->count; i++) {
    if (value->keys[i] && strcmp(value->keys[i], key) == 0) return &value->items[i];
  }
  return NULL;
}

double json_number(const json_value* object, const char* key, double fallback) {
  const json_value* v = json_get(object, key);
  return v && v->type == JSON_NUMBER ? v->number : fallback;
}

const char* json_string(const json_value* object, const char* key, const char* fallback) {
  const json_value* v = json_get(object, key);
  return v && v->type == JSON_STRING ? v->string : fallback;
}

int json_bool(const json_value* object, const char* key, int fallback) {
  const json_value* v = json_get(object, key);
  return v && v->type == JSON_BOOL ? v->boolean : fallback;
}
