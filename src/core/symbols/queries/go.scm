; RLM Explorer symbol query for Go. Methods carry their receiver type as @owner.
(function_declaration name: (identifier) @name) @definition.function
(method_declaration
  receiver: (parameter_list (parameter_declaration type: [(type_identifier) @owner (pointer_type (type_identifier) @owner) (generic_type type: (type_identifier) @owner) (pointer_type (generic_type type: (type_identifier) @owner))]))
  name: (field_identifier) @name) @definition.method
(type_declaration (type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct)
(type_declaration (type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface)
(type_declaration (type_spec name: (type_identifier) @name type: [(type_identifier) (qualified_type) (function_type) (map_type) (slice_type) (pointer_type) (channel_type) (array_type) (generic_type)]) @definition.type)
(type_declaration (type_alias name: (type_identifier) @name) @definition.type)
(interface_type (method_elem name: (field_identifier) @name) @definition.method)
(struct_type (field_declaration_list (field_declaration name: (field_identifier) @name) @definition.field))
(source_file (const_declaration (const_spec name: (identifier) @name) @definition.constant))
(source_file (var_declaration (var_spec name: (identifier) @name) @definition.variable))

(type_spec name: (type_identifier) @name type: (struct_type (field_declaration_list (field_declaration !name type: [(type_identifier) (qualified_type) (pointer_type [(type_identifier) (qualified_type)]) (generic_type)] @base))))

(call_expression function: (identifier) @name) @reference.call
(call_expression function: (selector_expression operand: (_) @receiver field: (field_identifier) @name)) @reference.call
(composite_literal type: (type_identifier) @name) @reference.new
(composite_literal type: (qualified_type package: (package_identifier) @receiver name: (type_identifier) @name)) @reference.new
(type_identifier) @name @reference.type
(qualified_type package: (package_identifier) @receiver name: (type_identifier) @name) @reference.type

(import_spec !name path: (_) @import.module @import.package) @import
(import_spec name: (package_identifier) @import.namespace path: (_) @import.module) @import
(import_spec name: (dot) path: (_) @import.module @import.wildcard) @import

; ---- typed bindings, for `x.M()` receivers: receivers and parameters, declared and initialised locals, struct fields,
; range variables (reduced to type names in code).
(parameter_declaration name: (identifier) @binding.name type: (_) @binding.type)
(var_spec name: (identifier) @binding.name type: (_) @binding.type)
(var_spec name: (identifier) @binding.name !type value: (expression_list . (_) @binding.value))
(short_var_declaration left: (expression_list . (identifier) @binding.name) right: (expression_list . (_) @binding.value))
(field_declaration name: (field_identifier) @binding.field type: (_) @binding.type)
(range_clause left: (expression_list (_) . (identifier) @binding.name .) right: (_) @binding.iterates)

; ---- locals that give no type (`fn := func() {…}`, parameters of function type): a bare call of one is not a call of
; a function of that name elsewhere in the package. Kept in code only for names the file calls bare.
(parameter_declaration name: (identifier) @binding.local)
(variadic_parameter_declaration name: (identifier) @binding.local)
(short_var_declaration left: (expression_list (identifier) @binding.local))
(var_spec name: (identifier) @binding.local)
(range_clause left: (expression_list (identifier) @binding.local))

; ---- embedded interfaces: `type ReadWriter interface { Reader; Write() }` has Reader's methods
(type_spec name: (type_identifier) @name type: (interface_type (type_elem . [(type_identifier) (qualified_type)] @base .)))
