; RLM Explorer symbol query for C#.
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(struct_declaration name: (identifier) @name) @definition.struct
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(namespace_declaration name: (_) @name) @definition.namespace
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.constructor
(property_declaration name: (identifier) @name) @definition.property
(field_declaration (variable_declaration (variable_declarator name: (identifier) @name))) @definition.field
(delegate_declaration name: (identifier) @name) @definition.type

(class_declaration name: (_) @name (base_list [(identifier) (generic_name (identifier)) (qualified_name)] @base))
(interface_declaration name: (_) @name (base_list [(identifier) (generic_name (identifier)) (qualified_name)] @base))
(struct_declaration name: (_) @name (base_list [(identifier) (generic_name (identifier)) (qualified_name)] @base))

(invocation_expression function: (identifier) @name) @reference.call
(invocation_expression function: (generic_name (identifier) @name)) @reference.call
(invocation_expression function: (member_access_expression expression: (_) @receiver name: (identifier) @name)) @reference.call
(invocation_expression function: (member_access_expression expression: (_) @receiver name: (generic_name (identifier) @name))) @reference.call
(object_creation_expression type: (identifier) @name) @reference.new
(object_creation_expression type: (generic_name (identifier) @name)) @reference.new
(object_creation_expression type: (qualified_name qualifier: (_) @receiver name: (identifier) @name)) @reference.new
(parameter type: (identifier) @name) @reference.type
(variable_declaration type: (identifier) @name) @reference.type
(method_declaration returns: (identifier) @name) @reference.type
(property_declaration type: (identifier) @name) @reference.type
(base_list (identifier) @name) @reference.type
(type_argument_list (identifier) @name) @reference.type

(using_directive (qualified_name) @import.module @import.wildcard) @import
(using_directive (identifier) @import.module @import.wildcard) @import
(using_directive (identifier) @import.namespace (qualified_name) @import.module) @import
