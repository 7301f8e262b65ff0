/* A minimal JSON reader for the fake NVML's description file: enough of RFC 8259 for
 * objects, arrays, strings (ASCII escapes), numbers, booleans and null. */
#ifndef DS01_FAKE_NVML_JSON_H_
#define DS01_FAKE_NVML_JSON_H_

#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
  json_type type;
  int boolean;
  double number;
  char* string;             /* JSON_STRING */
  struct json_value* items; /* JSON_ARRAY and JSON_OBJECT: count values */
  char** keys;              /* JSON_OBJECT: count keys, parallel to items */
  size_t count;
} json_value;

/* Parses text; returns NULL and writes a message naming the byte offset to error on failure. */
json_value* json_parse(const char* text, char* error, size_t error_size);

/* Frees a value returned by json_parse. */
void json_free(json_value* value);

/* The member named key of an object, or NULL when value is not an object or lacks it. */
const json_value* json_get(const json_value* value, const char* key);

/* The member as a number, or fallback when it is absent or not a number. */
double json_number(const json_value* object, const char* key, double fallback);

/* The member as a string, or fallback when it is absent or not a string. */
const char* json_string(const json_value* object, const char* key, const char* fallback);

/* The member as a boolean, or fallback when it is absent or not a boolean. */
int json_bool(const json_value* object, const char* key, int fallback);

#endif /* DS01_FAKE_NVML_JSON_H_ */
