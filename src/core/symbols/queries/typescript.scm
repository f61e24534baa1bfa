; RLM Explorer symbol query for TypeScript (also the base of TSX).
; Captures: @definition.<kind> + @name; @reference.<call|new|type> + @name (+ @receiver);
; @import/@reexport + @import.module, @import.name, @import.alias, @import.namespace, @import.default;
; @name + @base for inheritance. Doc comments and containers are computed in code.

; ---- definitions
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(function_signature name: (identifier) @name) @definition.function
(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(internal_module name: (identifier) @name) @definition.namespace
(module name: (identifier) @name) @definition.module

(method_definition name: [(property_identifier) (private_property_identifier) (string)] @name) @definition.method
(interface_body (method_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.method)
(type_alias_declaration value: (object_type (method_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.method))
(class_body (method_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.method)
(abstract_method_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function) (function_expression)]) @definition.method
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  !value) @definition.field
(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: [(number) (string) (identifier) (object) (array) (call_expression) (new_expression) (member_expression) (true) (false) (null) (template_string) (binary_expression) (as_expression)]) @definition.field
(interface_body (property_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.property)
(type_alias_declaration value: (object_type (property_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.property))

(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
; `@transparent`: what the function calls belongs to the definition around the object literal.
(pair
  key: (property_identifier) @name
  value: [(arrow_function) (function_expression)]) @definition.function @transparent
(program (lexical_declaration
  (variable_declarator name: (identifier) @name !value) @definition.variable))
(program (lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(number) (string) (identifier) (object) (array) (call_expression) (new_expression) (member_expression) (true) (false) (null) (template_string) (binary_expression) (as_expression) (class) (satisfies_expression)]) @definition.constant))
(program (export_statement (lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(number) (string) (identifier) (object) (array) (call_expression) (new_expression) (member_expression) (true) (false) (null) (template_string) (binary_expression) (as_expression) (class) (satisfies_expression)]) @definition.constant)))
(program (ambient_declaration (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)))
(program (ambient_declaration (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)))

; ---- inheritance
(class_declaration name: (_) @name (class_heritage (extends_clause value: (_) @base)))
(abstract_class_declaration name: (_) @name (class_heritage (extends_clause value: (_) @base)))
(class_declaration name: (_) @name (class_heritage (implements_clause [(type_identifier) (nested_type_identifier) (generic_type)] @base)))
(abstract_class_declaration name: (_) @name (class_heritage (implements_clause [(type_identifier) (nested_type_identifier) (generic_type)] @base)))
(interface_declaration name: (_) @name (extends_type_clause type: (_) @base))

; ---- references
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (super) @name) @reference.call
(call_expression
  function: (member_expression
    object: (_) @receiver
    property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.new
(new_expression constructor: (member_expression object: (_) @receiver property: (property_identifier) @name)) @reference.new
(type_annotation (type_identifier) @name) @reference.type
(generic_type name: (type_identifier) @name) @reference.type
(type_arguments (type_identifier) @name) @reference.type
(nested_type_identifier module: (_) @receiver name: (type_identifier) @name) @reference.type
(extends_clause value: (identifier) @name) @reference.type
(implements_clause (type_identifier) @name) @reference.type
(extends_type_clause type: (type_identifier) @name) @reference.type
(union_type (type_identifier) @name) @reference.type
(intersection_type (type_identifier) @name) @reference.type
(array_type (type_identifier) @name) @reference.type
(as_expression (type_identifier) @name) @reference.type
(satisfies_expression (type_identifier) @name) @reference.type

; ---- imports
(import_statement (import_clause (identifier) @import.default) source: (string (string_fragment) @import.module)) @import
(import_statement (import_clause (namespace_import (identifier) @import.namespace)) source: (string (string_fragment) @import.module)) @import
(import_statement
  (import_clause (named_imports (import_specifier name: (_) @import.name alias: (_)? @import.alias)))
  source: (string (string_fragment) @import.module)) @import
(import_statement source: (string (string_fragment) @import.module)) @import
(import_alias (identifier) @import.namespace (nested_identifier) @import.module) @import
(import_require_clause (identifier) @import.namespace source: (string (string_fragment) @import.module)) @import
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
(call_expression
  function: (import)
  arguments: (arguments . (string (string_fragment) @import.module))) @import
(export_statement
  (export_clause (export_specifier name: (_) @import.name alias: (_)? @import.alias))
  source: (string (string_fragment) @import.module)) @reexport
(export_statement
  !declaration
  (namespace_export (_) @import.namespace)
  source: (string (string_fragment) @import.module)) @reexport
(export_statement "*" source: (string (string_fragment) @import.module)) @reexport

; ---- typed bindings, for `x.m()` and `this.f.m()` receivers: declared types (reduced to simple names in code),
; initialisers (`x = new Foo()`, `x = make()`), and callbacks whose untyped parameters the callee's declaration types
(required_parameter pattern: (identifier) @binding.name type: (type_annotation) @binding.type)
(required_parameter pattern: (this) @binding.name type: (type_annotation) @binding.type)
(optional_parameter pattern: (identifier) @binding.name type: (type_annotation) @binding.type)
(required_parameter (accessibility_modifier) pattern: (identifier) @binding.field type: (type_annotation) @binding.type)
(required_parameter (override_modifier) pattern: (identifier) @binding.field type: (type_annotation) @binding.type)
(variable_declarator name: (identifier) @binding.name type: (type_annotation) @binding.type)
(variable_declarator name: (identifier) @binding.name !type
  value: [(new_expression) (call_expression) (member_expression) (await_expression) (non_null_expression) (as_expression) (parenthesized_expression)] @binding.value)
(public_field_definition name: [(property_identifier) (private_property_identifier)] @binding.field type: (type_annotation) @binding.type)
(public_field_definition name: [(property_identifier) (private_property_identifier)] @binding.field !type
  value: [(new_expression) (call_expression) (member_expression) (as_expression)] @binding.value)
(property_signature name: (property_identifier) @binding.field type: (type_annotation) @binding.type)
(arguments [(arrow_function) (function_expression)] @binding.callback)

; ---- locals of a function (parameters, variables): a bare call or `new` of one is not of a same-named definition
; elsewhere. Kept in code only for names the file calls bare.
(required_parameter pattern: (identifier) @binding.local)
(optional_parameter pattern: (identifier) @binding.local)
(variable_declarator name: (identifier) @binding.local)
