; RLM Explorer symbol query for JavaScript (ES modules, CommonJS, JSX via jsx.scm).
; Same capture conventions as typescript.scm.

; ---- definitions
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (identifier) @name) @definition.class
(class name: (identifier) @name) @definition.class
(method_definition name: [(property_identifier) (private_property_identifier) (string)] @name) @definition.method
(field_definition
  property: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function) (function_expression)]) @definition.method
(field_definition
  property: [(property_identifier) (private_property_identifier)] @name
  !value) @definition.field
(field_definition
  property: [(property_identifier) (private_property_identifier)] @name
  value: [(number) (string) (identifier) (object) (array) (call_expression) (new_expression) (member_expression) (true) (false) (null) (template_string) (binary_expression)]) @definition.field
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(variable_declarator name: (identifier) @name value: (class)) @definition.class
(program (lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(number) (string) (identifier) (object) (array) (call_expression) (new_expression) (member_expression) (true) (false) (null) (template_string) (binary_expression)]) @definition.constant))
(program (export_statement (lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(number) (string) (identifier) (object) (array) (call_expression) (new_expression) (member_expression) (true) (false) (null) (template_string) (binary_expression)]) @definition.constant)))
(program (variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(number) (string) (object) (array) (new_expression) (true) (false) (null) (template_string)]) @definition.variable))
(assignment_expression
  left: (member_expression property: (property_identifier) @name)
  right: [(arrow_function) (function_expression)]) @definition.function
; `@transparent`: what the function calls belongs to the definition around the object literal.
(pair
  key: (property_identifier) @name
  value: [(arrow_function) (function_expression)]) @definition.function @transparent

; ---- inheritance
(class_declaration name: (_) @name (class_heritage (_) @base))
(class name: (_) @name (class_heritage (_) @base))

; ---- references
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (super) @name) @reference.call
(call_expression
  function: (member_expression
    object: (_) @receiver
    property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.new
(new_expression constructor: (member_expression object: (_) @receiver property: (property_identifier) @name)) @reference.new
(class_heritage (identifier) @name) @reference.type

; ---- imports
(import_statement (import_clause (identifier) @import.default) source: (string (string_fragment) @import.module)) @import
(import_statement (import_clause (namespace_import (identifier) @import.namespace)) source: (string (string_fragment) @import.module)) @import
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @import.name alias: (_)? @import.alias)))
  source: (string (string_fragment) @import.module)) @import
(import_statement source: (string (string_fragment) @import.module)) @import
(variable_declarator
  name: (identifier) @import.namespace
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))
  (#eq? @_require "require")) @import
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @import.name)
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))
  (#eq? @_require "require")) @import
(variable_declarator
  name: (object_pattern (pair_pattern key: (property_identifier) @import.name value: (identifier) @import.alias))
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string (string_fragment) @import.module) .))
  (#eq? @_require "require")) @import
(call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @import.module))) @import
(export_statement
  (export_clause (export_specifier name: (_) @import.name alias: (_)? @import.alias))
  source: (string (string_fragment) @import.module)) @reexport
(export_statement
  (namespace_export (_) @import.namespace)
  source: (string (string_fragment) @import.module)) @reexport
(export_statement "*" source: (string (string_fragment) @import.module)) @reexport

; ---- locals of a function (parameters, variables): a bare call or `new` of one is not of a same-named definition
; elsewhere. Kept in code only for names the file calls bare.
(formal_parameters (identifier) @binding.local)
(formal_parameters (assignment_pattern left: (identifier) @binding.local))
(variable_declarator name: (identifier) @binding.local)
