; RLM Explorer symbol query for PHP.
(function_definition name: (name) @name) @definition.function
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.trait
(enum_declaration name: (name) @name) @definition.enum
(method_declaration name: (name) @name) @definition.method
(property_declaration (property_element (variable_name (name) @name))) @definition.field
(const_declaration (const_element (name) @name)) @definition.constant
(namespace_definition name: (namespace_name) @name) @definition.namespace

(class_declaration name: (_) @name (base_clause [(name) (qualified_name)] @base))
(class_declaration name: (_) @name (class_interface_clause [(name) (qualified_name)] @base))

(function_call_expression function: [(name) (qualified_name)] @name) @reference.call
(member_call_expression object: (_) @receiver name: (name) @name) @reference.call
(nullsafe_member_call_expression object: (_) @receiver name: (name) @name) @reference.call
(scoped_call_expression scope: (_) @receiver name: (name) @name) @reference.call
(object_creation_expression [(name) (qualified_name)] @name) @reference.new
(named_type [(name) (qualified_name)] @name) @reference.type
(base_clause [(name) (qualified_name)] @name) @reference.type
(class_interface_clause [(name) (qualified_name)] @name) @reference.type

(namespace_use_declaration (namespace_use_clause [(qualified_name) (name)] @import.module @import.last !alias)) @import
(namespace_use_declaration (namespace_use_clause [(qualified_name) (name)] @import.module @import.last alias: (name) @import.alias)) @import
(require_once_expression (string (string_content) @import.module)) @import
(require_expression (string (string_content) @import.module)) @import
(include_expression (string (string_content) @import.module)) @import
(include_once_expression (string (string_content) @import.module)) @import
