; RLM Explorer symbol query for Java.
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(annotation_type_declaration name: (identifier) @name) @definition.interface
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.constructor
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.field
(enum_constant name: (identifier) @name) @definition.constant

(class_declaration name: (_) @name superclass: (superclass [(type_identifier) (generic_type (type_identifier)) (scoped_type_identifier)] @base))
(class_declaration name: (_) @name interfaces: (super_interfaces (type_list [(type_identifier) (generic_type) (scoped_type_identifier)] @base)))
(interface_declaration name: (_) @name (extends_interfaces (type_list [(type_identifier) (generic_type) (scoped_type_identifier)] @base)))

(method_invocation !object name: (identifier) @name) @reference.call
(method_invocation object: (_) @receiver name: (identifier) @name) @reference.call
(object_creation_expression type: (type_identifier) @name) @reference.new
(object_creation_expression type: (generic_type (type_identifier) @name)) @reference.new
(object_creation_expression type: (scoped_type_identifier (_) @receiver . (type_identifier) @name .)) @reference.new
(type_identifier) @name @reference.type

((import_declaration (scoped_identifier) @import.module @import.last) @import (#not-match? @import "\\*"))
(import_declaration (scoped_identifier) @import.module (asterisk) @import.wildcard) @import
